package io.d3mas.examples.eval;

import dev.langchain4j.model.embedding.EmbeddingModel;
import io.d3mas.D3Mas;
import io.d3mas.agent.AgentProfile;
import io.d3mas.agent.RetrievalAgent;
import io.d3mas.examples.data.EvalItem;
import io.d3mas.examples.data.Paragraph;
import io.d3mas.llm.LlmAgent;
import io.d3mas.llm.LlmDecomposer;
import io.d3mas.llm.LlmSynthesizer;
import io.d3mas.memory.InMemoryMemoryStore;
import io.d3mas.memory.Knowledge;
import io.d3mas.memory.MemoryStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * What every method gets for one item: the same agents and the same memory. A multi-hop item's paragraphs are
 * shuffled (seeded per item) and dealt round robin to {@code agent0…}, whose profiles list the titles they hold;
 * other items get the general specialists and no memory. Owns the teams it builds; close it after the item.
 */
final class Workbench implements AutoCloseable {

    final EvalItem item;
    final List<AgentProfile> agents;
    final MemoryStore store;
    /** Which repeat of the run this bench serves ({@code --repeat}), from 0. */
    final int repeat;

    private final Map<String, Paragraph> byRecord = new HashMap<>();
    private final EmbeddingModel embeddings;
    private final D3Mas offline;
    private @Nullable D3Mas offlineGold;
    private @Nullable D3Mas llmTeam;
    private @Nullable D3Mas llmGold;

    /** The bench of one repeat: repeat r deals the paragraphs with seed {@code --seed + r}. */
    Workbench(EvalItem item, int index, int repeat, EvalSettings settings, EmbeddingModel embeddings) {
        this(item, index, settings.seed() + repeat, settings.agents(), embeddings, repeat, new InMemoryMemoryStore());
    }

    /**
     * @param index the item's index in its file: with {@code seed}, it decides how the paragraphs are dealt
     * @param agentCount how many agents hold the paragraphs
     */
    Workbench(EvalItem item, int index, long seed, int agentCount, EmbeddingModel embeddings) {
        this(item, index, seed, agentCount, embeddings, 0, new InMemoryMemoryStore());
    }

    /** A bench over the given (empty) store: tests pass one that logs every search. */
    Workbench(
            EvalItem item,
            int index,
            long seed,
            int agentCount,
            EmbeddingModel embeddings,
            int repeat,
            MemoryStore store) {
        this.item = item;
        this.store = store;
        this.repeat = repeat;
        this.embeddings = embeddings;
        List<Knowledge> knowledge = new ArrayList<>();
        List<Paragraph> dealt = new ArrayList<>(item.paragraphs());
        if (!dealt.isEmpty()) {
            Collections.shuffle(dealt, new Random(seed * 1_000_003L + index));
            List<List<Paragraph>> held = new ArrayList<>();
            for (int a = 0; a < agentCount; a++) {
                held.add(new ArrayList<>());
            }
            for (int p = 0; p < dealt.size(); p++) {
                held.get(p % agentCount).add(dealt.get(p));
            }
            agents = Roster.holders(agentCount, held);
            for (int p = 0; p < dealt.size(); p++) {
                Paragraph par = dealt.get(p);
                knowledge.add(
                        new Knowledge(agents.get(p % agentCount).id(), par.title() + ": " + par.text(), par.title()));
            }
        } else {
            agents = Roster.general(agentCount);
        }
        D3Mas.Builder b = D3Mas.builder().embeddingModel(embeddings).memoryStore(store);
        RetrievalAgent retrieval = new RetrievalAgent();
        agents.forEach(a -> b.agent(a, retrieval));
        offline = b.build();
        List<String> ids = offline.rememberAll(knowledge);
        for (int p = 0; p < ids.size(); p++) {
            byRecord.put(ids.get(p), dealt.get(p));
        }
    }

    /** The team of offline retrieval agents over this item's memory (no LLM), with the rule-based decomposer. */
    D3Mas offlineTeam() {
        return offline;
    }

    /** The offline team replaying the item's gold decomposition ({@link GoldDecomposer}). */
    D3Mas offlineGoldTeam() {
        if (offlineGold == null) {
            D3Mas.Builder b = D3Mas.builder()
                    .embeddingModel(embeddings)
                    .memoryStore(store)
                    .decomposer(goldDecomposer());
            RetrievalAgent retrieval = new RetrievalAgent();
            agents.forEach(a -> b.agent(a, retrieval));
            offlineGold = b.build();
        }
        return offlineGold;
    }

    /**
     * The LLM team over the same memory: LLM agents and synthesizer on one client; the LLM decomposer, or the item's
     * gold decomposition replayed.
     */
    D3Mas llmTeam(Llm llm, boolean gold) {
        if (gold ? llmGold == null : llmTeam == null) {
            D3Mas.Builder b = D3Mas.builder()
                    .embeddingModel(embeddings)
                    .memoryStore(store)
                    .decomposer(gold ? goldDecomposer() : new LlmDecomposer(llm.client()))
                    .synthesizer(new LlmSynthesizer(llm.client()));
            LlmAgent agent = LlmAgent.of(llm.client());
            agents.forEach(a -> b.agent(a, agent));
            if (gold) {
                llmGold = b.build();
            } else {
                llmTeam = b.build();
            }
        }
        return gold ? llmGold : llmTeam;
    }

    private GoldDecomposer goldDecomposer() {
        if (item.decomposition().isEmpty()) {
            throw new IllegalStateException(
                    "item " + item.id() + " has no gold decomposition to replay; only MuSiQue" + " items have one");
        }
        return new GoldDecomposer(item.question(), item.decomposition());
    }

    /** The paragraph a memory record holds, or null for a record this item did not deal. */
    @Nullable
    Paragraph paragraphOf(String recordId) {
        return byRecord.get(recordId);
    }

    /**
     * Of the item's supporting paragraphs, the share among {@code recordIds}; null when the item labels none.
     */
    @Nullable
    Double supportingRecall(Collection<String> recordIds) {
        long supporting =
                item.paragraphs().stream().filter(Paragraph::supporting).count();
        if (supporting == 0) {
            return null;
        }
        long found = recordIds.stream()
                .distinct()
                .map(byRecord::get)
                .filter(p -> p != null && p.supporting())
                .count();
        return (double) found / supporting;
    }

    /** The supporting paragraphs the item labels. */
    int supportingTotal() {
        return (int) item.paragraphs().stream().filter(Paragraph::supporting).count();
    }

    /**
     * The 1-based positions of the supporting paragraphs among {@code distinctInOrder} (the method's distinct reads
     * in the policy's order): recall at a budget B is the share of them up to B.
     */
    List<Integer> supportingRanks(List<String> distinctInOrder) {
        List<Integer> ranks = new ArrayList<>();
        for (int i = 0; i < distinctInOrder.size(); i++) {
            Paragraph p = byRecord.get(distinctInOrder.get(i));
            if (p != null && p.supporting()) {
                ranks.add(i + 1);
            }
        }
        return ranks;
    }

    @Override
    public void close() {
        offline.close();
        for (D3Mas team : java.util.Arrays.asList(offlineGold, llmTeam, llmGold)) {
            if (team != null) {
                team.close();
            }
        }
    }
}
