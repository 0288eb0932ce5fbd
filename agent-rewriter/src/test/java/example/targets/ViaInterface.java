package example.targets;

import dev.lox.Lox;
import java.util.Queue;

/** A region that calls a parallel method through the interface it implements. */
public class ViaInterface {
    public interface Sender {
        void send(Queue<String> threads);
    }

    public static class ThreadSender implements Sender {
        @Override
        public void send(Queue<String> threads) {
            threads.add(Thread.currentThread().getName());
        }
    }

    /** A generic one: a call names the erased process(Object), which reaches process(Queue) through a bridge. */
    public interface Processor<T> {
        void process(T item);
    }

    public static class QueueProcessor implements Processor<Queue<String>> {
        @Override
        public void process(Queue<String> threads) {
            threads.add(Thread.currentThread().getName());
        }
    }

    @Lox.Gather
    public static void processAll(Processor<Queue<String>> processor, Queue<String> threads) {
        processor.process(threads);
        processor.process(threads);
    }

    public static void processAllWith(Queue<String> threads) {
        processAll(new QueueProcessor(), threads);
    }

    @Lox.Gather
    public static void sendAll(Sender sender, Queue<String> threads) {
        sender.send(threads);
        sender.send(threads);
    }

    public static void sendAllWith(Queue<String> threads) {
        sendAll(new ThreadSender(), threads);
    }
}
