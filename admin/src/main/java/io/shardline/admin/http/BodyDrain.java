package io.shardline.admin.http;

import org.eclipse.jetty.io.Content;

/**
 * Reads and drops what is left of a refused request body, without holding a thread, then runs the answer. Most
 * clients write their whole body before they read: answering and closing while a body still arrives makes the
 * kernel reset the connection, and the client sees "no bytes" instead of the refusal. Past {@code limit} bytes
 * the answer runs anyway (and the connection closes after it), so a client cannot keep the server reading.
 */
final class BodyDrain implements Runnable {
    private final Content.Source source;
    private final Runnable answer;
    private long left;

    private BodyDrain(Content.Source source, long limit, Runnable answer) {
        this.source = source;
        this.left = limit;
        this.answer = answer;
    }

    static void thenAnswer(Content.Source source, long limit, Runnable answer) {
        new BodyDrain(source, limit, answer).run();
    }

    @Override
    public void run() {
        while (true) {
            Content.Chunk chunk = source.read();
            if (chunk == null) {
                source.demand(this);
                return;
            }
            boolean done = chunk.isLast() || Content.Chunk.isFailure(chunk);
            left -= chunk.remaining();
            chunk.release();
            if (done || left < 0) {
                answer.run();
                return;
            }
        }
    }
}
