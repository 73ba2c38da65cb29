// Package stream is the event bus: the ingestion pipeline publishes what changed after each
// commit, and streaming and the live web UI subscribe. Events carry ids, not rendered JSON, so
// each subscriber renders and checks visibility for its own viewer. Memory is the in-process
// bus; a PostgreSQL LISTEN/NOTIFY bus for several nodes implements the same Bus interface.
// It imports nothing from this project.
package stream
