package dev.lox.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import dev.lox.worker.internal.CallCodec;
import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * One lox call as a Hazelcast executor task: a signed envelope in, a signed envelope out. Hazelcast
 * moves it as {@link IdentifiedDataSerializable} (a factory id, a class id, a length and the bytes: no
 * class is named on the wire, and no Java serialization is involved); the member reads the length
 * first and refuses an envelope over its {@link MessageBound} unread, checks the envelope's signature
 * ({@link Envelope#open}), and only then decodes the call and runs it as a process worker would
 * ({@link CallCodec#serve}), watched for its timeout ({@link CallWatch}). The call's own exception
 * travels inside the result, so that it comes back as itself; what this task throws is lox's refusal
 * or fault, never the user's.
 */
public final class CallTask implements Callable<byte[]>, IdentifiedDataSerializable, HazelcastInstanceAware {
    private byte[] envelope;
    private int refusedLength = -1; // the length of an envelope over the bound, which was skipped unread
    private transient HazelcastInstance member;

    /** For Hazelcast's factory ({@link LoxSerialization}). */
    public CallTask() {
    }

    public CallTask(byte[] envelope) {
        this.envelope = envelope;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance member) {
        this.member = member;
    }

    @Override
    public byte[] call() {
        MemberRuntime runtime = MemberRuntime.current();
        if (refusedLength >= 0) {
            IllegalArgumentException why = new IllegalArgumentException(MessageBound.refusal(refusedLength,
                    MemberRuntime.maxMessageBytes(), "call"));
            runtime.refused(why);
            throw new IllegalArgumentException(RefusedCall.TOO_LARGE.mark + runtime.name() + ": " + why.getMessage());
        }
        CallHeader.Read call;
        try {
            call = CallHeader.read(Envelope.open(runtime.secret(), Envelope.REQUEST, envelope));
        } catch (SecurityException | IllegalStateException e) {
            runtime.refused(e);
            throw new SecurityException(RefusedCall.SIGNATURE.mark + runtime.name() + " " + e.getMessage());
        }
        CallHeader header = call.header();
        byte[] response;
        long expiredAfter;
        try (CallWatch watch = CallWatch.start(header.timeoutNanos(), elapsed -> notice(runtime, header, elapsed))) {
            response = CallCodec.serve(call.call());
            expiredAfter = watch.expiredAfterNanos();
        }
        if (expiredAfter >= 0) { // its caller has failed it already, or will by this
            return new TimeoutNotice(header.callId(), expiredAfter).seal(runtime.secret());
        }
        byte[] sealed = Envelope.seal(runtime.secret(), Envelope.RESPONSE, response);
        if (sealed.length > MemberRuntime.maxMessageBytes()) {
            throw new IllegalStateException(RefusedCall.TOO_LARGE.mark + runtime.name() + ": the call ran, and its result is "
                    + sealed.length + " bytes encoded, more than the member's bound of " + MemberRuntime.maxMessageBytes()
                    + " bytes (-D" + MessageBound.PROPERTY + "): not sent; return less, or raise the bound on the driver and"
                    + " every member alike");
        }
        return sealed;
    }

    /** Tells the driver at once, on its topic, that the call was interrupted for its timeout: it may never return. */
    private void notice(MemberRuntime runtime, CallHeader header, long elapsedNanos) {
        try {
            member.getTopic(header.notices()).publishAsync(new TimeoutNotice(header.callId(), elapsedNanos).seal(runtime.secret()));
        } catch (RuntimeException e) {
            // the member is shutting down: the driver sees it leave, and the call is lost with it
            System.err.println("lox member: " + runtime.name() + " could not tell the driver that call " + header.callId()
                    + " ran past its timeout: " + e);
        }
    }

    @Override
    public int getFactoryId() {
        return LoxSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return LoxSerialization.CALL_TASK;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeInt(envelope.length);
        out.write(envelope);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            throw new IOException("a lox call of length " + length + ": not written by lox, refused");
        }
        if (length > MemberRuntime.maxMessageBytes()) {
            refusedLength = length;
            in.skipBytes(length); // never copied, checked nor decoded: call() refuses it
            return;
        }
        envelope = new byte[length];
        in.readFully(envelope);
    }
}
