/**
 * lox's locks, Java-shaped: {@link dev.lox.lock.IndexSemaphore} (numbered permits),
 * {@link dev.lox.lock.LightSwitch} (first in locks, last out unlocks), {@link dev.lox.lock.QLock}
 * (a strictly FIFO {@link java.util.concurrent.locks.Lock}) and {@link dev.lox.lock.RWLock} (a
 * readers-writer lock that prefers writers).
 *
 * <p>Guards and permits are {@link java.lang.AutoCloseable} for try-with-resources and may be
 * closed once; {@code try...(Duration)} methods return {@code null} on timeout; blocking methods
 * throw {@link java.lang.InterruptedException} when interrupted, having acquired nothing. Each
 * class states its memory-consistency effects, as {@code java.util.concurrent} does.
 */
package dev.lox.lock;
