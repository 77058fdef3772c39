/* term.c - see term.h. The one file that includes curses.
 *
 * Signals: the app blocks SIGWINCH and reads it from a signalfd, so curses'
 * own SIGWINCH handler never runs and nothing curses does happens inside a
 * handler. The fatal-signal handler here writes a precomputed restore
 * sequence and the saved termios (both async-signal-safe), never curses. */
#include "config.h"

#include "term.h"

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>

#include "util.h"

struct term {
	SCREEN *scr;
	bool utf8, color;
	int w, h;
	int saved_stderr, capture_fd; /* -1 when stderr is not captured */
	attr_t attrs[STYLE_MAX];
	short pairs[STYLE_MAX];
	struct sigaction old_fatal[5];
	/* What the screen shows (the last grid drawn, drawn_w x drawn_h; NULL
	 * when unknown): a frame passes curses only the cells that changed. */
	struct cell *drawn;
	int drawn_w, drawn_h;
};

static const int fatal_signals[5] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};

/* What the fatal-signal handler needs, prepared while it was safe to. */
static struct termios emerg_termios;
static bool emerg_armed;
static char emerg_seq[256];
static size_t emerg_len;
static int emerg_stderr = -1;

static void emerg_add(const char *s)
{
	if (!s || s == (char *)-1)
		return;
	size_t n = strlen(s);
	if (emerg_len + n < sizeof(emerg_seq)) {
		memcpy(emerg_seq + emerg_len, s, n);
		emerg_len += n;
	}
}

static void on_fatal(int sig)
{
	if (emerg_armed) {
		ssize_t r = write(STDOUT_FILENO, emerg_seq, emerg_len);
		(void)r;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &emerg_termios);
		if (emerg_stderr >= 0)
			dup2(emerg_stderr, STDERR_FILENO);
	}
	/* SA_RESETHAND put the default action back; SA_NODEFER lets it land now. */
	raise(sig);
}

static void setup_styles(struct term *t)
{
	const char *nc = getenv("NO_COLOR");
	t->color = has_colors() && !(nc && nc[0]);

	/* Monochrome: bold and reverse carry the meaning; a selected row is
	 * reversed, so critical is bold + underline to stay distinct on it. */
	static const attr_t mono[STYLE_MAX] = {
	    [STYLE_NORMAL] = A_NORMAL,
	    [STYLE_DIM] = A_DIM,
	    [STYLE_TITLE] = A_REVERSE,
	    [STYLE_HEADER] = A_BOLD | A_UNDERLINE,
	    [STYLE_SORTED] = A_REVERSE | A_BOLD,
	    [STYLE_GOOD] = A_NORMAL,
	    [STYLE_WARN] = A_BOLD,
	    [STYLE_CRIT] = A_BOLD | A_UNDERLINE,
	    [STYLE_KEY] = A_BOLD,
	    [STYLE_STATUS] = A_BOLD,
	};
	for (int i = 0; i < STYLE_MAX; i++) {
		t->attrs[i] = mono[i];
		t->pairs[i] = 0;
	}
	if (!t->color)
		return;
	start_color();
	use_default_colors();
	static const struct {
		short fg, bg;
		attr_t attr;
	} col[STYLE_MAX] = {
	    [STYLE_NORMAL] = {-1, -1, A_NORMAL},
	    [STYLE_DIM] = {-1, -1, A_DIM},
	    [STYLE_TITLE] = {COLOR_BLACK, COLOR_CYAN, A_NORMAL},
	    [STYLE_HEADER] = {COLOR_BLACK, COLOR_GREEN, A_NORMAL},
	    [STYLE_SORTED] = {COLOR_BLACK, COLOR_CYAN, A_BOLD},
	    [STYLE_GOOD] = {COLOR_GREEN, -1, A_NORMAL},
	    [STYLE_WARN] = {COLOR_YELLOW, -1, A_BOLD},
	    [STYLE_CRIT] = {COLOR_RED, -1, A_BOLD},
	    [STYLE_KEY] = {COLOR_CYAN, -1, A_BOLD},
	    [STYLE_STATUS] = {COLOR_CYAN, -1, A_NORMAL},
	};
	for (int i = 1; i < STYLE_MAX; i++) {
		init_pair((short)i, col[i].fg, col[i].bg);
		t->pairs[i] = (short)i;
		t->attrs[i] = col[i].attr;
	}
}

/* stderr into a memory file while curses owns the screen (replayed at close). */
static void capture_stderr(struct term *t)
{
	t->saved_stderr = t->capture_fd = -1;
	int fd = memfd_create("boxtop-stderr", MFD_CLOEXEC);
	if (fd < 0)
		return;
	int saved = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
	if (saved < 0 || dup2(fd, STDERR_FILENO) < 0) {
		if (saved >= 0)
			close(saved);
		close(fd);
		return;
	}
	t->saved_stderr = emerg_stderr = saved;
	t->capture_fd = fd;
}

static void replay_stderr(struct term *t)
{
	if (t->saved_stderr < 0)
		return;
	dup2(t->saved_stderr, STDERR_FILENO);
	close(t->saved_stderr);
	emerg_stderr = -1;
	char buf[4096];
	ssize_t n;
	off_t off = 0;
	while ((n = pread(t->capture_fd, buf, sizeof(buf), off)) > 0) {
		ssize_t w = write(STDERR_FILENO, buf, (size_t)n);
		if (w <= 0)
			break;
		off += n;
	}
	close(t->capture_fd);
}

struct term *term_open(const char **err)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		*err = "not a terminal (use -b for batch output)";
		return NULL;
	}
	struct term *t = xcalloc(1, sizeof(*t));
	if (tcgetattr(STDIN_FILENO, &emerg_termios) < 0) {
		free(t);
		*err = "cannot read the terminal's settings";
		return NULL;
	}
	t->scr = newterm(NULL, stdout, stdin);
	if (!t->scr) {
		free(t);
		*err = "cannot initialise the terminal (is TERM set to a known terminal?)";
		return NULL;
	}
	t->utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	mouseinterval(0);
	setup_styles(t);
	getmaxyx(stdscr, t->h, t->w);

	emerg_len = 0;
	emerg_add(tigetstr("sgr0"));
	emerg_add(tigetstr("cnorm"));
	emerg_add(tigetstr("rmcup"));
	emerg_add(tigetstr("rmkx"));
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_fatal;
	sa.sa_flags = SA_RESETHAND | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < ARRAY_SIZE(fatal_signals); i++)
		sigaction(fatal_signals[i], &sa, &t->old_fatal[i]);
	emerg_armed = true;

	capture_stderr(t);
	return t;
}

void term_close(struct term *t)
{
	if (!t)
		return;
	mousemask(0, NULL);
	curs_set(1);
	endwin();
	delscreen(t->scr);
	emerg_armed = false;
	for (size_t i = 0; i < ARRAY_SIZE(fatal_signals); i++)
		sigaction(fatal_signals[i], &t->old_fatal[i], NULL);
	fflush(stdout);
	replay_stderr(t);
	free(t->drawn);
	free(t);
}

bool term_utf8(const struct term *t)
{
	return t->utf8;
}

void term_size(const struct term *t, int *w, int *h)
{
	*w = t->w;
	*h = t->h;
}

int term_fd(const struct term *t)
{
	(void)t;
	return STDIN_FILENO;
}

void term_resize(struct term *t)
{
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
		resize_term(ws.ws_row, ws.ws_col);
	getmaxyx(stdscr, t->h, t->w);
	redrawwin(stdscr);
	free(t->drawn);
	t->drawn = NULL;
}

static bool same_cell(const struct cell *a, const struct cell *b)
{
	return a->width == b->width && a->style == b->style && a->selected == b->selected && strcmp(a->s, b->s) == 0;
}

void term_draw(struct term *t, const struct grid *g)
{
	int gw = grid_width(g), gh = grid_height(g);
	if (t->drawn && (t->drawn_w != gw || t->drawn_h != gh)) {
		free(t->drawn);
		t->drawn = NULL;
	}
	bool known = t->drawn != NULL;
	if (!known) {
		t->drawn = xcalloc((size_t)gw * (size_t)gh, sizeof(*t->drawn));
		t->drawn_w = gw;
		t->drawn_h = gh;
	}
	for (int y = 0; y < gh && y < t->h; y++) {
		for (int x = 0; x < gw && x < t->w; x++) {
			const struct cell *c = grid_at(g, y, x);
			struct cell *was = &t->drawn[(size_t)y * (size_t)gw + (size_t)x];
			if (known && same_cell(c, was))
				continue;
			*was = *c;
			if (c->width == 0)
				continue;
			wchar_t wc[2] = {L' ', L'\0'};
			mbstate_t ps;
			memset(&ps, 0, sizeof(ps));
			if (mbrtowc(&wc[0], c->s, strlen(c->s), &ps) > 4)
				wc[0] = L'?';
			attr_t a = t->attrs[c->style] | (c->selected ? A_REVERSE : 0);
			cchar_t cc;
			setcchar(&cc, wc, a, t->pairs[c->style], NULL);
			/* The last cell of the screen may report ERR (no room to
			 * advance the cursor) yet be drawn: nothing to handle. */
			mvadd_wch(y, x, &cc);
		}
	}
	int cy, cx;
	grid_get_cursor(g, &cy, &cx);
	if (cy >= 0 && cy < t->h && cx >= 0 && cx < t->w) {
		move(cy, cx);
		curs_set(1);
	} else {
		curs_set(0);
	}
	refresh();
}

bool term_key(struct term *t, struct ui_key *k)
{
	wint_t ch;
	memset(k, 0, sizeof(*k));
	for (;;) {
		int r = get_wch(&ch);
		if (r == ERR)
			return false;
		if (r == KEY_CODE_YES) {
			switch (ch) {
			case KEY_UP:
				k->code = KEYC_UP;
				return true;
			case KEY_DOWN:
				k->code = KEYC_DOWN;
				return true;
			case KEY_LEFT:
				k->code = KEYC_LEFT;
				return true;
			case KEY_RIGHT:
				k->code = KEYC_RIGHT;
				return true;
			case KEY_PPAGE:
				k->code = KEYC_PGUP;
				return true;
			case KEY_NPAGE:
				k->code = KEYC_PGDN;
				return true;
			case KEY_HOME:
				k->code = KEYC_HOME;
				return true;
			case KEY_END:
				k->code = KEYC_END;
				return true;
			case KEY_ENTER:
				k->code = KEYC_ENTER;
				return true;
			case KEY_BACKSPACE:
				k->code = KEYC_BACKSPACE;
				return true;
			case KEY_F(1):
				k->code = KEYC_F1;
				return true;
			case KEY_F(6):
				k->code = KEYC_F6;
				return true;
			case KEY_F(10):
				k->code = KEYC_F10;
				return true;
			case KEY_MOUSE: {
				MEVENT ev;
				if (getmouse(&ev) != OK)
					continue;
				k->y = ev.y;
				k->x = ev.x;
				if (ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED))
					k->code = KEYC_CLICK;
				else if (ev.bstate & BUTTON4_PRESSED)
					k->code = KEYC_WHEEL_UP;
				else if (ev.bstate & BUTTON5_PRESSED)
					k->code = KEYC_WHEEL_DOWN;
				else
					continue;
				return true;
			}
			default:
				continue; /* KEY_RESIZE and keys boxtop does not use */
			}
		}
		switch (ch) {
		case '\r':
		case '\n':
			k->code = KEYC_ENTER;
			return true;
		case 27:
			k->code = KEYC_ESC;
			return true;
		case 127:
		case 8:
			k->code = KEYC_BACKSPACE;
			return true;
		case '\t':
			k->code = KEYC_TAB;
			return true;
		default:
			if (ch < 0x20)
				continue;
			k->code = KEYC_CHAR;
			k->ch = (uint32_t)ch;
			(void)t;
			return true;
		}
	}
}
