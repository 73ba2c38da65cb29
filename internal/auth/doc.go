// Package auth holds accounts and credentials: password hashing (argon2id, with bcrypt hashes
// from Mastodon imports still accepted), actor key pairs, and creating local users.
// It imports config and store from this project.
package auth
