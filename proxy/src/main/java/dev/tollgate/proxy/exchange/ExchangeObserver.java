package dev.tollgate.proxy.exchange;

/** Told once about every finished exchange (access log, metrics). Called on the connection's event loop. */
@FunctionalInterface
public interface ExchangeObserver {
    void finished(Exchange exchange);

    ExchangeObserver NONE = e -> {};
}
