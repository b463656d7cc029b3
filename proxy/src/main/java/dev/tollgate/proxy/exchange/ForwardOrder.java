package dev.tollgate.proxy.exchange;

import dev.tollgate.engine.intent.Intent;

/** Fired down the pipeline once an intent was claimed for this request's single forward. */
public record ForwardOrder(Exchange exchange, Intent intent) {}
