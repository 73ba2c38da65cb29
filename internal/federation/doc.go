// Package federation is ActivityPub between servers: WebFinger, NodeInfo and host-meta, actor
// documents, the inboxes (verify, enqueue, 202), the collections, object fetches with
// authorized fetch, delivery of local activities, and fetching remote actors and objects.
//
// It imports ap, httpsig, safehttp, store and activity. It never ingests inside a request:
// inbox deliveries are handed to an Enqueue function that the cli wires to jobs.
package federation
