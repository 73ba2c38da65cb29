// Package ap is the ActivityStreams vocabulary as we read it: an Object type over decoded JSON,
// helpers that normalize the shapes real servers send (a value as a string, an object or an
// array; as:Public spellings; contentMap), and addressing → visibility. It imports nothing from
// this project.
package ap
