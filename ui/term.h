/* term.h - the only door to the terminal (ncursesw behind it): take it
 * over, copy a grid onto it, read keys and mouse events, follow resizes,
 * give it back. Styles become colours here, or bold/reverse under NO_COLOR
 * and on monochrome terminals. Owned by the ui issue. */
#ifndef BOXTOP_TERM_H
#define BOXTOP_TERM_H

#include <stdbool.h>

#include "grid.h"
#include "key.h"

struct term;

/* Takes over the terminal on stdin/stdout (alternate screen, no echo,
 * keypad, mouse). While it is open, stderr goes to a memory file replayed
 * by term_close, so a message cannot scribble over the screen. Installs
 * handlers that restore the terminal on a fatal signal and re-raise it.
 * Returns NULL and a static message in *ERR when there is no usable
 * terminal. The locale must be set (setlocale) before. */
struct term *term_open(const char **err);
/* Restores the terminal exactly as it was; NULL is a no-op. */
void term_close(struct term *t);

bool term_utf8(const struct term *t);
void term_size(const struct term *t, int *w, int *h);
/* The fd to poll for input. */
int term_fd(const struct term *t);
/* After SIGWINCH: asks the kernel for the new size and tells curses. */
void term_resize(struct term *t);
/* Makes the screen show G (curses sends only what changed). */
void term_draw(struct term *t, const struct grid *g);
/* The next pending input event; false when there is none. */
bool term_key(struct term *t, struct ui_key *k);

#endif
