/**
 * lox's queues: {@link dev.lox.queue.Announcement} (many-to-many broadcast with an optional
 * backlog for late subscribers) and {@link dev.lox.queue.Funnel} (joins one part from each input
 * into a job).
 *
 * <p>{@code get()} waits and throws {@link java.lang.InterruptedException} when interrupted;
 * {@code poll(Duration)} returns {@code null} on timeout, as {@link java.util.concurrent.BlockingQueue#poll}
 * does. Each class states its memory-consistency effects, as {@code java.util.concurrent} does.
 */
package dev.lox.queue;
