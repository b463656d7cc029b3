package dev.tollgate.engine.agent;

import java.time.Instant;

public record Reviewer(String id, String name, boolean active, Instant createdAt) {}
