package dev.tollgate.engine.store;

/** The store could not do what was asked (I/O, corruption, closed). Callers answer 503. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) { super(message, cause); }

    public StoreException(String message) { super(message); }
}
