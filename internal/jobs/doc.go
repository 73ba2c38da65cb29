// Package jobs is durable background work on River: delivery of local activities, ingestion of
// inbox deliveries and fetches of missing objects. Jobs are rows in our database, inserted in
// the same transaction as the change that caused them, so a crash after a commit loses
// nothing and a rollback leaves no job behind.
//
// It implements activity.Deliverer and activity.Fetcher; the federation package supplies
// the Sender and Resolver that talk to other servers.
package jobs
