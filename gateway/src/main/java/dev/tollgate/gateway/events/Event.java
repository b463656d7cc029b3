package dev.tollgate.gateway.events;

/**
 * One published event, immutable and shared by every subscriber (the frame is built once).
 *
 * @param seq  position in this process's stream, from 1, gap-free
 * @param id   {@code <bootId>-<seq>}, the SSE {@code id}
 * @param type the SSE {@code event} name
 * @param data one line of JSON
 */
record Event(long seq, String id, String type, String data) {

    /** {@code id: …\nevent: …\ndata: …\n\n}. */
    String frame() {
        return "id: " + id + "\nevent: " + type + "\ndata: " + data + "\n\n";
    }
}
