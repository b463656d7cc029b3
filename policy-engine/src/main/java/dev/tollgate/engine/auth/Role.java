package dev.tollgate.engine.auth;

public enum Role { ADMIN, REVIEWER, AGENT }
