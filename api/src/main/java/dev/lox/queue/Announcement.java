package dev.lox.queue;

import dev.lox.internal.Timeouts;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A many-to-many broadcast queue: every member of an announcement has its own receive queue, and an
 * item {@link #put} by one member lands in the queue of every <em>other</em> member. Members are
 * made by {@link #subscribe()} on any member; with a backlog, a member that subscribes late first
 * receives the items put before it joined. It is lox's {@code Announcement}.
 *
 * <pre>{@code
 * Announcement<Integer> ann = new Announcement<>();
 * Announcement<Integer> foo = ann.subscribe();
 * Announcement<Integer> bar = ann.subscribe();
 * ann.put(5);
 * foo.get();   // 5
 * bar.get();   // 5
 * bar.put(7);  // ann and foo receive 7, bar does not
 * }</pre>
 *
 * <p><b>Backlog.</b> {@code new Announcement<>()} keeps none: a member receives what is put after it
 * subscribed. {@link #withBacklog(int) withBacklog(n)} keeps the last {@code n} items put
 * ({@code n <= 0}: all of them) and hands them to each new member, in put order, ahead of anything
 * put later. Items neither lost nor duplicated: a member receives each item put while it is
 * subscribed exactly once, whether from the backlog or live. {@link #seal()} (lox's
 * {@code finalize()}) refuses further subscribers and frees the backlog.
 *
 * <p>Receive queues are unbounded, so {@code put} never blocks. Items cannot be null, because
 * {@link #poll(Duration)} answers null for "nothing arrived".
 *
 * <p><b>Memory consistency effects:</b> actions in a thread before it puts an item
 * <i>happen-before</i> the actions of each thread after it receives that item from
 * {@link #get()} or {@link #poll(Duration)}.
 *
 * @param <T> the type of the items
 */
public final class Announcement<T> {

    /** What all members of one announcement share. */
    private static final class Group<T> {
        /** Guards members, backlog and sealed: put and subscribe are atomic with respect to each other. */
        final ReentrantLock lock = new ReentrantLock();
        final List<Announcement<T>> members = new ArrayList<>();
        /** -1: no backlog; 0: unbounded; n > 0: the last n items. */
        final int backlogLimit;
        ArrayDeque<T> backlog;
        volatile boolean sealed;

        Group(int backlogLimit) {
            this.backlogLimit = backlogLimit;
            this.backlog = backlogLimit < 0 ? null : new ArrayDeque<>();
        }
    }

    private static final int NO_BACKLOG = -1;

    private final Group<T> group;
    private final LinkedBlockingQueue<T> inbox = new LinkedBlockingQueue<>();

    /** Creates an announcement without a backlog; it is its own first member. */
    public Announcement() {
        this(new Group<>(NO_BACKLOG));
    }

    private Announcement(Group<T> group) {
        this.group = group;
        group.members.add(this);
    }

    /**
     * Creates an announcement that keeps a backlog for late subscribers: the last {@code n} items
     * put, or every item if {@code n <= 0} (memory grows until {@link #seal()}).
     */
    public static <T> Announcement<T> withBacklog(int n) {
        return new Announcement<>(new Group<>(n <= 0 ? 0 : n));
    }

    /**
     * Adds a member with its own receive queue, already holding the backlog if there is one.
     *
     * @return the new member, which can {@code get} and {@code put} like this one
     * @throws SubscribeFinalizedException if the announcement was {@linkplain #seal() sealed}
     */
    public Announcement<T> subscribe() {
        group.lock.lock();
        try {
            if (group.sealed) {
                throw new SubscribeFinalizedException("subscribe() on an Announcement that was sealed: seal()"
                        + " refuses new subscribers and frees the backlog; subscribe every member before seal()");
            }
            Announcement<T> member = new Announcement<>(group);
            if (group.backlog != null) {
                member.inbox.addAll(group.backlog);
            }
            return member;
        } finally {
            group.lock.unlock();
        }
    }

    /**
     * Removes {@code member} from this announcement: it receives nothing put from now on (items
     * already in its queue stay there for it to take). Any member may unsubscribe any member,
     * itself included, as {@code ann.unsubscribe(ann)}.
     *
     * @throws IllegalArgumentException if {@code member} is not (or no longer) a member of this
     *     announcement
     */
    public void unsubscribe(Announcement<T> member) {
        group.lock.lock();
        try {
            // By identity: members are distinct queues even if a subclass could define equals.
            for (int i = 0; i < group.members.size(); i++) {
                if (group.members.get(i) == member) {
                    group.members.remove(i);
                    return;
                }
            }
        } finally {
            group.lock.unlock();
        }
        throw new IllegalArgumentException("unsubscribe(" + member + "): not a subscriber of this announcement"
                + " (never subscribed, subscribed to another announcement, or already unsubscribed);"
                + " pass an Announcement returned by subscribe() on this one, once");
    }

    /**
     * Puts {@code item} into the receive queue of every other member, and into the backlog if there
     * is one and the announcement is not sealed. Never blocks (beyond a brief internal lock).
     *
     * @throws IllegalArgumentException if {@code item} is null
     */
    public void put(T item) {
        if (item == null) {
            throw new IllegalArgumentException("Announcement.put(null): items cannot be null, since poll() answers"
                    + " null for a timeout; wrap absent values, e.g. in Optional");
        }
        group.lock.lock();
        try {
            for (Announcement<T> member : group.members) {
                if (member != this) {
                    member.inbox.add(item);
                }
            }
            ArrayDeque<T> backlog = group.backlog;
            if (backlog != null) {
                if (group.backlogLimit > 0 && backlog.size() == group.backlogLimit) {
                    backlog.removeFirst();
                }
                backlog.addLast(item);
            }
        } finally {
            group.lock.unlock();
        }
    }

    /**
     * Takes the next item from this member's receive queue, waiting until one arrives.
     *
     * @throws InterruptedException if interrupted on entry or while waiting; nothing is taken
     */
    public T get() throws InterruptedException {
        return inbox.take();
    }

    /**
     * Takes the next item from this member's receive queue if one arrives within {@code timeout}.
     *
     * @return the item, or {@code null} if the timeout elapsed first (a zero or negative timeout
     *     does not wait)
     * @throws InterruptedException if interrupted on entry or while waiting; nothing is taken
     * @throws IllegalArgumentException if {@code timeout} is null
     */
    public T poll(Duration timeout) throws InterruptedException {
        return inbox.poll(Timeouts.nanos(timeout, "Announcement.poll"), TimeUnit.NANOSECONDS);
    }

    /**
     * Refuses further subscribers and frees the backlog (lox's {@code finalize()}). Sealing any
     * member seals the whole announcement. Existing members keep putting and receiving; sealing
     * twice does nothing more.
     */
    public void seal() {
        group.lock.lock();
        try {
            group.sealed = true;
            group.backlog = null;
        } finally {
            group.lock.unlock();
        }
    }

    /** Whether {@link #seal()} was called on any member. */
    public boolean isSealed() {
        return group.sealed;
    }

    /** The number of members, this one included, like lox's {@code len(ann)}. */
    public int subscribers() {
        group.lock.lock();
        try {
            return group.members.size();
        } finally {
            group.lock.unlock();
        }
    }

    /** The number of items waiting in this member's receive queue, like lox's {@code qsize()}. */
    public int size() {
        return inbox.size();
    }

    @Override
    public String toString() {
        return super.toString() + "[" + size() + " queued, " + subscribers() + " subscribers"
                + (isSealed() ? ", sealed]" : "]");
    }
}
