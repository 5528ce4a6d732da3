package io.d3mas.internal.engine;

import io.d3mas.SolveResult;
import io.d3mas.event.ModelCall;
import io.d3mas.metrics.Step;
import java.util.concurrent.Callable;

/**
 * Where the engine reports spans and metrics: {@link #NONE} unless {@code D3Mas.Builder.openTelemetry} installs
 * {@link OtelTelemetry}. Kept behind this interface so that the OpenTelemetry API stays an optional dependency:
 * nothing here names an OpenTelemetry type. Not API.
 */
public interface Telemetry {

    /** A started span, current on the thread that started it until {@link #close()}; close it on that thread. */
    interface Activity extends AutoCloseable {

        /** An activity that records nothing. */
        Activity NONE = new Activity() {
            @Override
            public void attribute(String key, long value) {}

            @Override
            public void attribute(String key, String value) {}

            @Override
            public void failed(Throwable error) {}

            @Override
            public void close() {}
        };

        void attribute(String key, long value);

        /** A text attribute; only recorded where content is opted in, or for ids. */
        void attribute(String key, String value);

        /** Marks the span failed with the error. */
        void failed(Throwable error);

        /** Ends the span. */
        @Override
        void close();
    }

    /** Records nothing. */
    Telemetry NONE = new Telemetry() {
        @Override
        public Activity solve(String solveId, String query) {
            return Activity.NONE;
        }

        @Override
        public Activity step(Step step) {
            return Activity.NONE;
        }

        @Override
        public Activity agentTask(String agentId, String taskId, String task, int round) {
            return Activity.NONE;
        }

        @Override
        public void modelCall(ModelCall call) {}

        @Override
        public void finished(SolveResult result, long nanos) {}

        @Override
        public <T> Callable<T> wrap(Callable<T> work) {
            return work;
        }

        @Override
        public Runnable wrap(Runnable work) {
            return work;
        }
    };

    /** The span of a whole solve. */
    Activity solve(String solveId, String query);

    /** The span of one engine step (decompose, assign, execute, retrieve, propagate, feedback, synthesize, …). */
    Activity step(Step step);

    /** The span of one agent answering one task. */
    Activity agentTask(String agentId, String taskId, String task, int round);

    /** One step of an LLM call, reported on the calling thread. */
    void modelCall(ModelCall call);

    /** The solve's totals, for metrics. */
    void finished(SolveResult result, long nanos);

    /** The work, run in the current span's context on whatever thread runs it. */
    <T> Callable<T> wrap(Callable<T> work);

    /** The work, run in the current span's context on whatever thread runs it. */
    Runnable wrap(Runnable work);
}
