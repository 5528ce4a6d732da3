package io.d3mas.examples;

import dev.langchain4j.model.embedding.EmbeddingModel;
import io.d3mas.D3Mas;
import io.d3mas.agent.AgentProfile;
import io.d3mas.agent.ArithmeticAgent;
import io.d3mas.agent.RetrievalAgent;
import io.d3mas.embed.BgeEmbeddingModel;
import io.d3mas.event.SolveListener;
import io.d3mas.llm.LlmAgent;
import io.d3mas.llm.LlmClient;
import io.d3mas.llm.LlmConfig;
import io.d3mas.llm.LlmDecomposer;
import io.d3mas.llm.LlmSynthesizer;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the demo team: five retrieval agents over the shipped knowledge base and a calculator, BGE-small on
 * ONNX. With an LLM, every agent (the calculator too) is an LLM agent with the same profiles.
 */
public final class DemoTeam {

    /** The calculator's profile: it gets the operations that the decomposer splits from the lookups. */
    public static final AgentProfile CALCULATOR = AgentProfile.of(
            "calc", "Arithmetic: multiplies, divides, adds and subtracts numbers (times two, divided by, plus, minus)");

    private DemoTeam() {}

    /**
     * BGE-small-en-v1.5 (int8) on ONNX Runtime through d3mas-embed, from the files shipped in langchain4j's
     * Maven artifact; loads in about a second. Close it when done.
     */
    public static BgeEmbeddingModel embeddingModel() {
        return BgeEmbeddingModel.bgeSmallEnV15Quantized().build();
    }

    /**
     * The demo team with LLM components: the decomposer, every agent and the synthesizer ask the models of
     * {@code clients} (one client per role; they may be the same).
     */
    public static D3Mas buildWithLlm(
            EmbeddingModel model, LlmClient decomposer, LlmClient agents, LlmClient synthesizer) {
        D3Mas.Builder builder = D3Mas.builder()
                .embeddingModel(model)
                .decomposer(new LlmDecomposer(decomposer))
                .synthesizer(new LlmSynthesizer(synthesizer));
        LlmAgent agent = LlmAgent.of(agents);
        for (AgentProfile p : DemoKnowledge.agents()) {
            builder.agent(p, agent);
        }
        builder.agent(CALCULATOR, agent);
        D3Mas team = builder.build();
        team.rememberAll(DemoKnowledge.knowledge());
        return team;
    }

    /**
     * The demo team as the demo and the MCP server run it: with LLM components when {@code llm} is present (one
     * client per model, kept in {@code clients} for the caller to close), offline otherwise.
     */
    public static D3Mas build(EmbeddingModel model, Optional<LlmConfig> llm, Map<String, LlmClient> clients) {
        if (llm.isEmpty()) {
            return build(model);
        }
        return buildWithLlm(
                model,
                open(clients, llm.get(), LlmConfig.Role.DECOMPOSER),
                open(clients, llm.get(), LlmConfig.Role.AGENT),
                open(clients, llm.get(), LlmConfig.Role.SYNTHESIZER));
    }

    /** One client per model, so roles that share a model share its concurrency limit. */
    private static LlmClient open(Map<String, LlmClient> clients, LlmConfig config, LlmConfig.Role role) {
        return clients.computeIfAbsent(config.model(role), m -> config.client(role));
    }

    /** A team with every demo agent (the calculator too) and the whole knowledge base remembered. */
    public static D3Mas build(EmbeddingModel model, SolveListener... listeners) {
        D3Mas.Builder builder = D3Mas.builder().embeddingModel(model);
        RetrievalAgent agent = new RetrievalAgent();
        for (AgentProfile p : DemoKnowledge.agents()) {
            builder.agent(p, agent);
        }
        builder.agent(CALCULATOR, new ArithmeticAgent());
        for (SolveListener l : listeners) {
            builder.listener(l);
        }
        D3Mas team = builder.build();
        team.rememberAll(DemoKnowledge.knowledge());
        return team;
    }
}
