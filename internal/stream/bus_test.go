package stream

import (
	"context"
	"testing"
	"time"
)

func TestMemoryFanOutAndSlowConsumer(t *testing.T) {
	bus := NewMemory(2)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	fast := bus.Subscribe(ctx)
	slow := bus.Subscribe(ctx)

	for i := range 3 {
		bus.Publish(ctx, Event{Kind: EventUpdate, ObjectID: string(rune('a' + i))})
		if got := <-fast; got.ObjectID != string(rune('a'+i)) {
			t.Fatalf("fast subscriber got %q", got.ObjectID)
		}
	}
	// slow never read: it holds 2 events, the third was dropped without blocking Publish.
	if len(slow) != 2 || bus.Dropped() != 1 {
		t.Fatalf("slow buffer %d, dropped %d; want 2 and 1", len(slow), bus.Dropped())
	}
	cancel()
	select {
	case _, ok := <-fast:
		for ok {
			_, ok = <-fast
		}
	case <-time.After(time.Second):
		t.Fatal("channel not closed after cancel")
	}
}

func TestMemoryCloseEndsSubscriptions(t *testing.T) {
	bus := NewMemory(4)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch := bus.Subscribe(ctx)
	bus.Close()
	if _, ok := <-ch; ok {
		t.Fatal("subscription still open after Close")
	}
	if _, ok := <-bus.Subscribe(ctx); ok {
		t.Fatal("a subscription after Close is open")
	}
	bus.Publish(ctx, Event{Kind: EventUpdate}) // no panic on a closed bus
	cancel()
	time.Sleep(10 * time.Millisecond) // the ctx goroutine must not close the channel twice
}
