/* key.h - one input event as the screens understand it, independent of
 * curses: ui/term.c translates terminal input into these, the state machine
 * (ui/state.c) and its tests consume them. Owned by the ui issue. */
#ifndef BOXTOP_KEY_H
#define BOXTOP_KEY_H

#include <stdint.h>

enum ui_keycode {
	KEYC_NONE,
	KEYC_CHAR, /* a printable character in ch (Unicode) */
	KEYC_UP,
	KEYC_DOWN,
	KEYC_LEFT,
	KEYC_RIGHT,
	KEYC_PGUP,
	KEYC_PGDN,
	KEYC_HOME,
	KEYC_END,
	KEYC_ENTER,
	KEYC_ESC,
	KEYC_BACKSPACE,
	KEYC_TAB,
	KEYC_F1,
	KEYC_F6,
	KEYC_F10,
	KEYC_CLICK, /* mouse button 1 at (y, x) */
	KEYC_WHEEL_UP,
	KEYC_WHEEL_DOWN,
	KEYC_MAX
};

struct ui_key {
	enum ui_keycode code;
	uint32_t ch; /* KEYC_CHAR */
	int y, x;    /* KEYC_CLICK and the wheel: the screen cell */
};

#endif
