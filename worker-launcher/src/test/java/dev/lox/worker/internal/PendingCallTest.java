package dev.lox.worker.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lox.spi.MethodRef;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A pending call on its own: what it keeps until it is over, and its claim, settled once. No JVMs, no queues. */
class PendingCallTest {
    private static final MethodRef M = new MethodRef("x.Y", "m", "(I)I", true);

    @Test
    void theFutureLetsGoOfWhatIsSentWhenTheCallIsOver() {
        byte[] body = {1, 2, 3};
        PendingCall call = new PendingCall(null, 7, M, body, List.of());
        assertSame(body, PendingCall.bodyOf(call.payload()));
        assertEquals(List.of(), PendingCall.partsOf(call.payload()));
        assertEquals("call 7 of " + M.displayName(), call.call.toString());

        assertTrue(call.call.complete(8));
        assertNull(call.payload(), "the arguments are let go once the call is answered");
        assertTrue(call.isDone());
        assertFalse(call.call.toString().contains("call 7"), "the future no longer holds the call's id: " + call.call);
        assertEquals("call 7 of " + M.displayName(), call.toString(), "the channel's node still names it in messages");
    }

    @Test
    void partsTravelWithTheArguments() {
        byte[] body = {4};
        List<CallProtocol.Part> parts = List.of(new CallProtocol.Part(1, new byte[] {9}));
        PendingCall call = new PendingCall(null, 1, M, body, parts);
        Object payload = call.payload();
        assertArrayEquals(body, PendingCall.bodyOf(payload));
        assertSame(parts, PendingCall.partsOf(payload));

        assertTrue(call.call.cancel(false));
        assertNull(call.payload(), "a cancelled call is never sent: nothing left to send");
    }

    @Test
    void answeredOrUnsentIsClaimedOnce() {
        PendingCall answered = new PendingCall(null, 1, M, new byte[0], List.of());
        assertTrue(answered.claim(PendingCall.ANSWERED));
        assertFalse(answered.claim(PendingCall.UNSENT), "the append's failure comes after its response: the call ran");
        assertFalse(answered.unsent());
        assertEquals(0, answered.cancelledNanos());

        PendingCall unsent = new PendingCall(null, 2, M, new byte[0], List.of());
        assertTrue(unsent.claim(PendingCall.UNSENT));
        assertFalse(unsent.claim(PendingCall.ANSWERED));
        assertTrue(unsent.unsent());
    }

    @Test
    void aCallMovedToAnotherChannelDropsItsOldLink() {
        PendingCall first = new PendingCall(null, 1, M, new byte[0], List.of());
        PendingCall second = new PendingCall(null, 2, M, new byte[0], List.of());
        first.next = second; // as its old channel linked them
        first.sentTo(null);
        assertNull(first.next, "a call sent again must not lead its new channel into its old one's queue");
    }
}
