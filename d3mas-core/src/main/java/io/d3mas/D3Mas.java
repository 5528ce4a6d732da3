package io.d3mas;

import dev.langchain4j.model.embedding.EmbeddingModel;
import io.d3mas.agent.Agent;
import io.d3mas.agent.AgentProfile;
import io.d3mas.approval.Approver;
import io.d3mas.checkpoint.Checkpoint;
import io.d3mas.checkpoint.CheckpointStore;
import io.d3mas.event.SolveListener;
import io.d3mas.graph.Provenance;
import io.d3mas.internal.Ids;
import io.d3mas.internal.engine.Embedder;
import io.d3mas.internal.engine.OtelTelemetry;
import io.d3mas.internal.engine.SolveEngine;
import io.d3mas.internal.engine.TeamMember;
import io.d3mas.internal.engine.TeamThreads;
import io.d3mas.internal.engine.Telemetry;
import io.d3mas.memory.Document;
import io.d3mas.memory.InMemoryMemoryStore;
import io.d3mas.memory.IngestReport;
import io.d3mas.memory.Knowledge;
import io.d3mas.memory.MemoryIngestor;
import io.d3mas.memory.MemoryQuery;
import io.d3mas.memory.MemoryRecord;
import io.d3mas.memory.MemoryStore;
import io.d3mas.memory.RetrievalLedger;
import io.d3mas.propagation.MessagePassing;
import io.d3mas.synthesis.ExtractiveSynthesizer;
import io.d3mas.synthesis.Synthesizer;
import io.d3mas.task.Decomposer;
import io.d3mas.task.RuleBasedDecomposer;
import io.d3mas.tool.AgentTool;
import io.d3mas.tool.ToolSource;
import io.opentelemetry.api.OpenTelemetry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * A team of agents that solves queries together over one typed heterogeneous graph of tasks, reasoning and
 * memory (D³MAS: Decompose, Deduce, Distribute).
 *
 * <pre>{@code
 * try (D3Mas team = D3Mas.builder()
 *         .embeddingModel(embeddingModel)
 *         .agent(AgentProfile.of("geo", "Geography: countries, capitals, rivers"), new RetrievalAgent())
 *         .agent(AgentProfile.of("history", "History: people, dates, events"), new RetrievalAgent())
 *         .build()) {
 *     team.remember("geo", "Paris is the capital of France.", "atlas");
 *     team.ingest(List.of(Document.of("atlas.txt", atlasText))); // owners chosen by profile
 *
 *     SolveResult result = team.solve("Which river flows through the capital of France?");
 * }
 * }</pre>
 *
 * <p>Thread-safe: one instance serves concurrent solves. Closing it stops its worker threads; it does not
 * close the embedding model or the memory store, which the caller owns.
 *
 * @since 0.1.0
 */
public final class D3Mas implements AutoCloseable {

    private final List<AgentProfile> profiles;
    private final Embedder embedder;
    private final RetrievalLedger ledger = new RetrievalLedger();
    private volatile @Nullable MemoryIngestor ingestor; // made on first ingest: it embeds the profiles
    private final MemoryStore memory;
    private final SolveSettings settings;
    private final SolveEngine engine;
    /** About what a 512-token embedding model reads; longer knowledge is mostly not embedded. */
    static final int LONG_KNOWLEDGE_CHARS = 2_000;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(D3Mas.class);

    private final TeamThreads threads;

    /** The default of {@link Builder#maxConcurrentCalls}: the most calls a team runs at once. */
    public static final int DEFAULT_MAX_CONCURRENT_CALLS = 64;

    private final @Nullable CheckpointStore checkpoints;
    private volatile boolean closed;
    /** Closed with the team: tool sources and what {@link Builder#closeWith} was given. */
    private final List<AutoCloseable> owned;

    private D3Mas(Builder b, List<TeamMember> team, Embedder embedder, MemoryStore memory, TeamThreads threads) {
        this.profiles = team.stream().map(TeamMember::profile).toList();
        this.embedder = embedder;
        this.memory = memory;
        this.settings = b.settings;
        this.threads = threads;
        this.checkpoints = b.checkpoints;
        MessagePassing mp = b.messagePassing;
        String absent = "none configured";
        if (mp == null && b.discoverMessagePassing) {
            try {
                Iterator<MessagePassing> found =
                        ServiceLoader.load(MessagePassing.class).iterator();
                mp = found.hasNext() ? found.next() : null;
                absent = "no implementation on the class path; add d3mas-graph";
            } catch (ServiceConfigurationError e) {
                absent = "could not load an implementation: " + e.getMessage();
            }
        }
        this.engine = new SolveEngine(
                team,
                embedder,
                memory,
                b.decomposer,
                b.synthesizer,
                mp,
                absent,
                b.listeners,
                threads,
                new SolveEngine.Operations(b.telemetry, b.checkpoints, b.approver, b.reviewAnswers, b.tools));
        this.owned = List.copyOf(b.owned);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Solves a query with the team's settings.
     *
     * @throws InvalidInputException for a null, blank or too long query
     * @throws SolveInterruptedException if the calling thread is interrupted
     * @throws SolveCancelledException if this instance is closed while the solve runs
     * @throws IllegalStateException after {@link #close()}
     */
    public SolveResult solve(String query) {
        return solve(query, settings);
    }

    /** Solves a query with other settings (e.g. an ablation: {@code settings().toBuilder().ablation(FLAT)}). */
    public SolveResult solve(String query, SolveSettings solveSettings) {
        return solve(query, solveSettings, List.of());
    }

    private SolveResult solve(String query, SolveSettings solveSettings, List<SolveListener> extra) {
        ensureOpen();
        SolveResult result = engine.solve(query, Objects.requireNonNull(solveSettings, "settings"), extra);
        ledger.add(result.retrievals());
        return result;
    }

    /**
     * Solves a query without blocking the caller, with the team's settings; see
     * {@link #solveAsync(String, SolveSettings, Executor)}.
     */
    public CompletableFuture<SolveResult> solveAsync(String query) {
        return solveAsync(query, settings, null);
    }

    /**
     * Solves a query without blocking the caller. The solve runs on {@code executor}, or on a thread of its own
     * (a virtual thread on Java 21+) when it is null; the team's agent calls still run on the team's threads.
     * {@code cancel(true)} (or {@code cancel(false)}: both stop the work) interrupts the solve: its running
     * agent calls and their HTTP requests are cancelled, the tokens they used are counted, and the future
     * reports a {@link java.util.concurrent.CancellationException}. Other failures complete the future
     * exceptionally with what {@link #solve(String, SolveSettings)} would throw.
     *
     * @throws InvalidInputException for a null, blank or too long query, or bad settings, at once
     * @throws IllegalStateException after {@link #close()}
     */
    public CompletableFuture<SolveResult> solveAsync(
            String query, SolveSettings solveSettings, @Nullable Executor executor) {
        return solveAsync(query, solveSettings, executor, List.of());
    }

    /**
     * Solves a query without blocking the caller, with the team's settings, and tells {@code events} (after the
     * team's listeners) what happens in this solve only: tasks decomposed and assigned, memory retrieved, each
     * task's answer as it is recorded ({@link io.d3mas.event.SolveEvent.PartialAnswer}), LLM calls, the end. For
     * progress in a UI, e.g. as server-sent events (docs/operations.md).
     */
    public CompletableFuture<SolveResult> solveAsync(String query, SolveListener events) {
        return solveAsync(query, settings, null, List.of(Objects.requireNonNull(events, "events")));
    }

    private CompletableFuture<SolveResult> solveAsync(
            String query, SolveSettings solveSettings, @Nullable Executor executor, List<SolveListener> extra) {
        ensureOpen();
        Objects.requireNonNull(solveSettings, "settings");
        engine.validate(query, solveSettings);
        return SolveFuture.start(() -> solve(query, solveSettings, extra), executor);
    }

    /**
     * Finishes a solve from its checkpoint (see {@link Builder#checkpoints}), e.g. after the JVM that ran it
     * crashed: decompositions, agent tasks and the synthesis the checkpoint records are taken from it, not
     * asked again; the rest runs. The result has the same {@code solveId}. Resuming a finished solve gives its
     * answer again without a call. Use the same team configuration (agents, memory, settings) as the
     * interrupted solve.
     *
     * @throws InvalidInputException when no checkpoint store is configured or it has no checkpoint of that id
     */
    public SolveResult resume(String solveId) {
        ensureOpen();
        if (checkpoints == null) {
            throw new InvalidInputException("resuming needs a checkpoint store: D3Mas.builder().checkpoints(store)");
        }
        Checkpoint from = checkpoints
                .load(solveId)
                .orElseThrow(() -> new InvalidInputException("no checkpoint of solve '" + solveId + "' in "
                        + checkpoints + "; was the team built with .checkpoints(store) when it ran?"));
        SolveResult result = engine.resume(from, settings, List.of());
        ledger.add(result.retrievals());
        return result;
    }

    /**
     * Puts knowledge into an agent's memory. Remembering the same text for the same agent again (in this team, or
     * in another on the same persistent store) stores nothing and returns the same id.
     *
     * @return the memory record's id: stable for the same agent and text
     * @throws InvalidInputException for an unknown agent or blank content
     */
    public String remember(String agentId, String content, String source) {
        return rememberAll(List.of(new Knowledge(agentId, content, source))).get(0);
    }

    /**
     * Embeds and stores knowledge in one batch. Identical items (same agent and text) are stored once: within the
     * batch, and across calls, where an item the store already holds keeps its record and id.
     *
     * @return the record ids, one per item, in order
     * @throws InvalidInputException for an unknown agent or blank content
     */
    public List<String> rememberAll(List<Knowledge> items) {
        ensureOpen();
        Map<String, Knowledge> unique = new LinkedHashMap<>();
        List<String> ids = new ArrayList<>(items.size());
        for (Knowledge k : items) {
            if (profiles.stream().noneMatch(p -> p.id().equals(k.agentId()))) {
                throw new InvalidInputException("unknown agent '" + k.agentId() + "'; the team has "
                        + profiles.stream().map(AgentProfile::id).toList());
            }
            if (k.content().isBlank()) {
                throw new InvalidInputException("knowledge for agent '" + k.agentId() + "' is blank");
            }
            String id = recordId(k);
            ids.add(id);
            if (unique.putIfAbsent(id, k) == null && k.content().length() > LONG_KNOWLEDGE_CHARS) {
                LOG.warn(
                        "knowledge for agent '{}' from '{}' has {} characters; embedding models read about 512 tokens"
                                + " (~{} characters), so most of it is not embedded and will not be found: use"
                                + " team.ingest(List.of(Document.of(...))) to split it into chunks",
                        k.agentId(),
                        k.source(),
                        k.content().length(),
                        LONG_KNOWLEDGE_CHARS);
            }
        }
        List<Knowledge> batch = List.copyOf(unique.values());
        List<float[]> vectors =
                embedder.embedAll(batch.stream().map(Knowledge::content).toList());
        List<MemoryRecord> records = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Knowledge k = batch.get(i);
            records.add(new MemoryRecord(
                    recordId(k), k.agentId(), k.content(), vectors.get(i), Provenance.of(k.agentId(), k.source())));
        }
        try {
            memory.addAll(records);
        } catch (RuntimeException refused) {
            // Every store refuses a batch holding an id it already has, storing none of it (the store contract).
            // Knowledge remembered again, by this team or by an earlier one on the same persistent store, keeps
            // its record: store the rest. Searching only after a refusal keeps first-time batches at one call.
            List<MemoryRecord> fresh;
            try {
                fresh = records.stream().filter(r -> !stored(r)).toList();
            } catch (RuntimeException unreadable) {
                refused.addSuppressed(unreadable); // a store that is down: report why the write failed
                throw refused;
            }
            if (fresh.size() == records.size()) {
                throw refused;
            }
            if (!fresh.isEmpty()) {
                memory.addAll(fresh);
            }
        }
        return ids;
    }

    /**
     * Whether the store already holds this record. A record's id hashes its agent and text, so the same id with
     * the same vector is the same knowledge; the store is asked for the vector's nearest records.
     */
    private boolean stored(MemoryRecord record) {
        MemoryQuery same = MemoryQuery.of(record.embedding(), profiles.size() + 16, 0.999);
        return memory.search(same).stream().anyMatch(h -> h.record().id().equals(record.id()));
    }

    /**
     * Splits documents into memory records owned by the agents whose profiles fit them best, merging
     * near-duplicates and relating neighbours (defaults of {@link MemoryIngestor}; build one with
     * {@link MemoryIngestor#builder} on {@link #memory()} for other settings).
     *
     * @throws InvalidInputException for a document that names an agent the team does not have
     */
    public IngestReport ingest(List<Document> documents) {
        ensureOpen();
        MemoryIngestor i = ingestor;
        if (i == null) {
            synchronized (this) {
                if (ingestor == null) {
                    MemoryIngestor.Builder b = MemoryIngestor.builder(memory, embedder.model())
                            .relateThreshold(settings.relateThreshold()); // one RELATE threshold for the team
                    profiles.forEach(b::agent);
                    ingestor = b.build();
                }
                i = ingestor;
            }
        }
        return i.ingest(documents);
    }

    /** The retrieval ledger over every solve of this team so far (per solve: {@link SolveResult#retrievals()}). */
    public RetrievalLedger ledger() {
        return ledger;
    }

    /** The team, in the order agents were added. */
    public List<AgentProfile> agents() {
        return profiles;
    }

    /** The settings {@link #solve(String)} uses. */
    public SolveSettings settings() {
        return settings;
    }

    /** The memory store (owned by the caller when it was passed to the builder). */
    public MemoryStore memory() {
        return memory;
    }

    /**
     * Stops the worker threads, then closes the tool sources and the resources given to
     * {@link Builder#closeWith}; running solves end with a {@link SolveCancelledException}, and later calls throw
     * {@link IllegalStateException}. Idempotent.
     */
    @Override
    public void close() {
        boolean first;
        synchronized (this) {
            first = !closed;
            closed = true;
        }
        threads.shutdownNow();
        if (first) {
            for (AutoCloseable r : owned) {
                try {
                    r.close();
                } catch (Exception e) {
                    LOG.warn("closing {} with the team failed; ignored", r, e);
                }
            }
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("this D3Mas instance is closed");
        }
    }

    private static String recordId(Knowledge k) {
        return k.agentId() + "/" + Ids.sha256Hex(k.agentId() + "\n" + k.content(), 8);
    }

    /** Builds a {@link D3Mas}. Required: an embedding model and at least one agent. */
    public static final class Builder {
        private @Nullable EmbeddingModel embeddingModel;
        private final List<AgentProfile> agentProfiles = new ArrayList<>();
        private final List<Agent> agents = new ArrayList<>();
        private @Nullable MemoryStore memory;
        private Decomposer decomposer = new RuleBasedDecomposer();
        private Synthesizer synthesizer = new ExtractiveSynthesizer();
        private @Nullable MessagePassing messagePassing;
        private boolean discoverMessagePassing = true;
        private final List<SolveListener> listeners = new ArrayList<>();
        private Telemetry telemetry = Telemetry.NONE;
        private @Nullable CheckpointStore checkpoints;
        private @Nullable Approver approver;
        private boolean reviewAnswers;
        private boolean virtualThreads;
        private int maxConcurrentCalls = DEFAULT_MAX_CONCURRENT_CALLS;
        private SolveSettings settings = SolveSettings.defaults();
        private final List<AgentTool> tools = new ArrayList<>();
        private final List<AutoCloseable> owned = new ArrayList<>();

        private Builder() {}

        /**
         * Tools every agent of the team may call (an agent may also have its own, e.g.
         * {@code LlmAgent.builder(client).tools(…)}). Identical calls within a solve are made once; each result becomes
         * a MEMORY node. See docs/tools.md.
         */
        public Builder tools(AgentTool... value) {
            return tools(List.of(value));
        }

        /** Tools every agent of the team may call ({@link #tools(AgentTool...)}). */
        public Builder tools(Collection<AgentTool> value) {
            for (AgentTool t : Objects.requireNonNull(value, "tools")) {
                tools.add(Objects.requireNonNull(t, "tool"));
            }
            return this;
        }

        /**
         * The tools of a source (an MCP server's, say) for every agent; the team closes the source when it is
         * closed.
         */
        public Builder tools(ToolSource source) {
            Objects.requireNonNull(source, "source");
            tools(source.tools());
            owned.add(source);
            return this;
        }

        /**
         * A resource the team closes when it is closed, after its threads stop: an MCP connection whose tools were
         * given to one agent only, a client, a store. Closed in the order given; a failure is logged.
         */
        public Builder closeWith(AutoCloseable resource) {
            owned.add(Objects.requireNonNull(resource, "resource"));
            return this;
        }

        /** Any langchain4j embedding model (d3mas-embed's BGE on ONNX Runtime, OpenAI, …). Required. */
        public Builder embeddingModel(EmbeddingModel model) {
            this.embeddingModel = Objects.requireNonNull(model, "embeddingModel");
            return this;
        }

        /** Adds an agent. Ids must be unique. */
        public Builder agent(AgentProfile profile, Agent agent) {
            agentProfiles.add(Objects.requireNonNull(profile, "profile"));
            agents.add(Objects.requireNonNull(agent, "agent"));
            return this;
        }

        /** Adds an agent: {@code agent(AgentProfile.of(id, description), agent)}. */
        public Builder agent(String id, String description, Agent agent) {
            return agent(AgentProfile.of(id, description), agent);
        }

        /** Where memory lives. Default: a new {@link InMemoryMemoryStore}. */
        public Builder memoryStore(MemoryStore store) {
            this.memory = Objects.requireNonNull(store, "memoryStore");
            return this;
        }

        /** Default: the offline {@link RuleBasedDecomposer}. */
        public Builder decomposer(Decomposer value) {
            this.decomposer = Objects.requireNonNull(value, "decomposer");
            return this;
        }

        /** Default: the offline {@link ExtractiveSynthesizer}. */
        public Builder synthesizer(Synthesizer value) {
            this.synthesizer = Objects.requireNonNull(value, "synthesizer");
            return this;
        }

        /** Default: the implementation found with {@link ServiceLoader} (d3mas-graph), if any. */
        public Builder messagePassing(MessagePassing value) {
            this.messagePassing = Objects.requireNonNull(value, "messagePassing");
            this.discoverMessagePassing = false;
            return this;
        }

        /** Never use message passing, even when an implementation is on the class path. */
        public Builder withoutMessagePassing() {
            this.messagePassing = null;
            this.discoverMessagePassing = false;
            return this;
        }

        public Builder listener(SolveListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Saves a checkpoint of every solve after each finished decomposition, agent task and synthesis, so that
         * {@link D3Mas#resume(String)} can finish a solve interrupted by a crash or restart, in this JVM or
         * another, without repeating those calls (docs/operations.md). A store that fails is reported as a
         * warning and the solve goes on without checkpoints.
         */
        public Builder checkpoints(CheckpointStore store) {
            this.checkpoints = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * The most component calls (agents, decomposer, synthesizer, embedding jobs) the team runs at once, across
         * all its concurrent solves; the same bound holds for running tasks. More wait in a queue, within their
         * solve's deadline; an agent's {@code taskTimeout} starts when its call starts, not while it waits.
         * {@code SolveSettings.maxConcurrency} bounds one solve's tasks within it. Default
         * {@value #DEFAULT_MAX_CONCURRENT_CALLS}.
         *
         * @throws InvalidInputException below 1
         */
        public Builder maxConcurrentCalls(int value) {
            if (value < 1) {
                throw new InvalidInputException("maxConcurrentCalls must be >= 1, was " + value);
            }
            this.maxConcurrentCalls = value;
            return this;
        }

        /**
         * Runs agent tasks and component calls on virtual threads (Java 21+) instead of the team's pool of
         * platform threads: many concurrent solves whose agents mostly wait on LLM calls then need no thread
         * each. Agents that hold locks while calling out may pin their carrier thread (see the JDK's notes on
         * virtual threads).
         *
         * @throws InvalidInputException on Java 17-20
         */
        public Builder virtualThreads() {
            if (!VirtualThreads.available()) {
                throw new InvalidInputException("virtual threads need Java 21 or later; this JVM is Java "
                        + Runtime.version().feature() + ": leave virtualThreads() out to use platform threads");
            }
            this.virtualThreads = true;
            return this;
        }

        /**
         * Puts each decomposition before {@code approver} before its sub-tasks run; it may approve, edit, reject
         * or suspend the solve until a person decides (docs/operations.md). Suspending needs
         * {@link #checkpoints}.
         */
        public Builder approver(Approver approver) {
            return approver(approver, false);
        }

        /** As {@link #approver(Approver)}; with {@code reviewAnswers} also each agent's answer before it is used. */
        public Builder approver(Approver approver, boolean reviewAnswers) {
            this.approver = Objects.requireNonNull(approver, "approver");
            this.reviewAnswers = reviewAnswers;
            return this;
        }

        /**
         * Reports spans and metrics through OpenTelemetry (docs/operations.md): a span per solve, per engine
         * step, per agent task and per LLM attempt, following the GenAI semantic conventions, and metrics for
         * tokens, calls, calls saved, redundancy and latency. Prompts, tasks and answers are not recorded; see
         * {@link #openTelemetry(OpenTelemetry, boolean)}. Needs {@code io.opentelemetry:opentelemetry-api} on
         * the class path (an optional dependency of d3mas-core); without an SDK installed nothing is exported.
         */
        public Builder openTelemetry(OpenTelemetry openTelemetry) {
            return openTelemetry(openTelemetry, false);
        }

        /**
         * As {@link #openTelemetry(OpenTelemetry)}; {@code recordContent} also puts the query, each task and the
         * answer on the spans. Leave it off where they may hold personal or confidential data.
         */
        public Builder openTelemetry(OpenTelemetry openTelemetry, boolean recordContent) {
            this.telemetry = new OtelTelemetry(Objects.requireNonNull(openTelemetry, "openTelemetry"), recordContent);
            return this;
        }

        public Builder settings(SolveSettings value) {
            this.settings = Objects.requireNonNull(value, "settings");
            return this;
        }

        /**
         * Embeds the agent profiles and checks the configuration.
         *
         * @throws InvalidInputException for no embedding model, no agent, duplicate agent ids, or a memory
         *     store whose dimension differs from the embedding model's
         * @throws ModelException if the embedding model fails
         */
        public D3Mas build() {
            if (embeddingModel == null) {
                throw new InvalidInputException("embeddingModel is required: pass any langchain4j EmbeddingModel, "
                        + "e.g. d3mas-embed's BgeEmbeddingModel");
            }
            if (agents.isEmpty()) {
                throw new InvalidInputException("a team needs at least one agent; add one with agent(profile, agent)");
            }
            Map<String, AgentProfile> byId = new LinkedHashMap<>();
            for (AgentProfile p : agentProfiles) {
                if (byId.putIfAbsent(p.id(), p) != null) {
                    throw new InvalidInputException(
                            "duplicate agent id '" + p.id() + "'; every agent needs its own id");
                }
            }
            Set<String> toolNames = new HashSet<>();
            for (AgentTool t : tools) {
                if (!toolNames.add(t.name())) {
                    throw new InvalidInputException("two team tools are named '" + t.name()
                            + "'; a model calls tools by name, so names must be unique");
                }
            }
            Embedder embedder = new Embedder(embeddingModel);
            // a team without a store gets its own; the builder keeps none, so a second build() gets another
            MemoryStore store = memory != null ? memory : new InMemoryMemoryStore(embedder.dimension());
            OptionalInt storeDimension = store.dimension();
            if (storeDimension.isPresent() && storeDimension.getAsInt() != embedder.dimension()) {
                throw new InvalidInputException("embedding dimension mismatch: the model " + embedder.name() + " makes "
                        + embedder.dimension() + "-dimensional vectors but the memory store holds "
                        + storeDimension.getAsInt() + "; use the model the store was filled with");
            }
            List<float[]> vectors = embedder.embedAll(
                    agentProfiles.stream().map(AgentProfile::description).toList());
            List<TeamMember> team = new ArrayList<>();
            for (int i = 0; i < agents.size(); i++) {
                team.add(new TeamMember(agentProfiles.get(i), agents.get(i), vectors.get(i)));
            }
            TeamThreads threads = virtualThreads
                    ? TeamThreads.virtual(
                            maxConcurrentCalls, VirtualThreads.perTaskExecutor(), VirtualThreads.perTaskExecutor())
                    : TeamThreads.platform(maxConcurrentCalls);
            return new D3Mas(this, team, embedder, store, threads);
        }
    }
}
