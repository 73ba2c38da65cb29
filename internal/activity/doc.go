// Package activity is the one ingestion pipeline. Local authoring, inbox deliveries and fetched
// objects all enter through Pipeline.Ingest, which looks the type up in the registry, validates
// and normalizes, stores the object (idempotent on ap_id) and runs the type's side effects in
// the same transaction, then publishes events after the commit.
//
// Each ActivityPub type lives in one file (note.go, create.go, follow.go, …) that registers a
// Handler in init; adding a type touches that file and its test only.
//
// It imports ap, markup, store and stream; federation and jobs are reached through the
// Deliverer and Fetcher interfaces declared here.
package activity
