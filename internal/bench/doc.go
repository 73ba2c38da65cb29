// Package bench is the benchmark harness (inventory §7, issue 7): a synthetic dataset seeded
// with bulk inserts (Seed), the 17 read-path cases of the spec run through the same store and
// renderer code the API uses (Cases, Run), their query plans (Explain), and a small HTTP load
// generator for the timeline endpoints (Load).
//
// The dataset is written in the shape the activity pipeline writes: a Note row and its Create
// activity row per post, with their addressing and hashtags rows, Follow relationships and
// activities, and the notifications the pipeline would have stored. Timelines over it
// therefore behave like timelines over ingested data.
package bench
