package dev.lox.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Port of lox's tests/queue/test_Funnel.py. lox's result tuple (job id, items...) is a Funnel.Result. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FunnelPortTest {

    /** test_1: one input: each part is a whole job. */
    @Test
    void oneInput() throws Exception {
        Funnel<String> funnel = new Funnel<>();
        Funnel.Input<String> sub1 = funnel.subscribe();
        sub1.put("foo", "job_id");
        Funnel.Result<String> res = funnel.get();
        assertEquals("job_id", res.jobId());
        assertEquals(List.of("foo"), res.items());
        assertEquals(0, funnel.pendingJobs());
    }

    /** test_2: two inputs: the job comes out only once both have put their part, in subscribe order. */
    @Test
    void twoInputs() throws Exception {
        Funnel<String> funnel = new Funnel<>();
        Funnel.Input<String> sub1 = funnel.subscribe();
        Funnel.Input<String> sub2 = funnel.subscribe();

        sub1.put("foo", "job_id");
        assertNull(funnel.poll(Duration.ofMillis(10)));

        sub2.put("bar", "job_id");
        Funnel.Result<String> res = funnel.get();
        assertEquals("job_id", res.jobId());
        assertEquals(List.of("foo", "bar"), res.items());
        assertEquals(0, funnel.pendingJobs());
    }
}
