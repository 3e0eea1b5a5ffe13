package io.heimdall.kv.range;

/** The Raft role of one replica as its store sees it. */
public enum RaftRole {
    Leader,
    Follower,
    Candidate,
    Learner
}
