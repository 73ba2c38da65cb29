package bench

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Progress draws a progress bar with rate and time left. On a terminal it redraws one line;
// elsewhere (a log file, a test) it prints a line every few seconds.
type Progress struct {
	w        io.Writer
	label    string
	total    int64
	done     atomic.Int64
	start    time.Time
	tty      bool
	every    time.Duration
	stop     chan struct{}
	finished sync.WaitGroup
}

// NewProgress starts reporting on w the progress towards total units of label.
func NewProgress(w io.Writer, label string, total int64) *Progress {
	p := &Progress{w: w, label: label, total: total, start: time.Now(), every: 5 * time.Second, stop: make(chan struct{})}
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			p.tty, p.every = true, 500*time.Millisecond
		}
	}
	p.finished.Add(1)
	go p.loop()
	return p
}

// Add records n more units done.
func (p *Progress) Add(n int) { p.done.Add(int64(n)) }

func (p *Progress) loop() {
	defer p.finished.Done()
	t := time.NewTicker(p.every)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			return
		case <-t.C:
			p.draw(false)
		}
	}
}

// Done draws the final line.
func (p *Progress) Done() {
	close(p.stop)
	p.finished.Wait()
	p.draw(true)
}

func (p *Progress) draw(final bool) {
	done, elapsed := p.done.Load(), time.Since(p.start)
	rate := float64(done) / max(elapsed.Seconds(), 1e-9)
	frac := 1.0
	if p.total > 0 {
		frac = min(float64(done)/float64(p.total), 1)
	}
	const width = 30
	bar := strings.Repeat("#", int(frac*width)) + strings.Repeat(".", width-int(frac*width))
	left := "?"
	if rate > 0 {
		left = time.Duration(float64(p.total-done) / rate * float64(time.Second)).Round(time.Second).String()
	}
	line := fmt.Sprintf("%s [%s] %5.1f%% %s/%s  %s/s  elapsed %s  left %s", p.label, bar, frac*100, count(done),
		count(p.total), count(int64(rate)), elapsed.Round(time.Second), left)
	if final {
		line = fmt.Sprintf("%s: %s in %s (%s/s)", p.label, count(done), elapsed.Round(100*time.Millisecond), count(int64(rate)))
	}
	switch {
	case p.tty && final:
		fmt.Fprintf(p.w, "\r\033[K%s\n", line)
	case p.tty:
		fmt.Fprintf(p.w, "\r\033[K%s", line)
	default:
		fmt.Fprintln(p.w, line)
	}
}

// count formats n with thousands separators.
func count(n int64) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + count(-n)
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}
