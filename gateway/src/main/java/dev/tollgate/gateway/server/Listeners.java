package dev.tollgate.gateway.server;

import dev.tollgate.engine.intent.Intent;
import dev.tollgate.engine.intent.IntentListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Fans intent changes out to every interested component; one failing listener does not stop the rest. */
final class Listeners implements IntentListener {
    private static final System.Logger LOG = System.getLogger(Listeners.class.getName());
    private final List<IntentListener> listeners = new CopyOnWriteArrayList<>();

    void add(IntentListener l) { listeners.add(l); }

    @Override public void onCreated(Intent intent) {
        for (IntentListener l : listeners) {
            try {
                l.onCreated(intent);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "intent listener failed", e);
            }
        }
    }

    @Override public void onChanged(Intent intent) {
        for (IntentListener l : listeners) {
            try {
                l.onChanged(intent);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "intent listener failed", e);
            }
        }
    }
}
