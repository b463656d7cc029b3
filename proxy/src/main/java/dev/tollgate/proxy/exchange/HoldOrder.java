package dev.tollgate.proxy.exchange;

import dev.tollgate.engine.intent.Intent;

/** Fired down the pipeline when a pending request is to wait on its connection for the decision. */
public record HoldOrder(Exchange exchange, Intent intent) {}
