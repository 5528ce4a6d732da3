package io.d3mas.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The parent POM, the project's BOM, manages every library and the contract test-jar; every jar has a name. */
class ReleaseArtifactsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static Document pom(Path file) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    }

    @Test
    void theParentManagesEveryLibraryAndTheContractTestJar() throws Exception {
        Document parent = pom(ROOT.resolve("pom.xml"));
        NodeList managed = ((Element)
                        parent.getElementsByTagName("dependencyManagement").item(0))
                .getElementsByTagName("dependency");
        List<String> ours = new ArrayList<>();
        for (int i = 0; i < managed.getLength(); i++) {
            Element d = (Element) managed.item(i);
            if (d.getElementsByTagName("groupId").item(0).getTextContent().equals("io.d3mas")) {
                NodeList type = d.getElementsByTagName("type");
                ours.add(d.getElementsByTagName("artifactId").item(0).getTextContent()
                        + (type.getLength() == 0 ? "" : ":" + type.item(0).getTextContent()));
            }
        }
        for (String module : List.of("d3mas-core", "d3mas-graph", "d3mas-llm", "d3mas-embed")) {
            assertTrue(ours.contains(module), module + " is not managed: " + ours);
            assertTrue(
                    Files.readString(ROOT.resolve(module + "/pom.xml")).contains("<automatic.module.name>"),
                    module + " has no Automatic-Module-Name");
            assertTrue(pom(ROOT.resolve(module + "/pom.xml"))
                            .getElementsByTagName("description")
                            .getLength()
                    > 0);
        }
        assertTrue(ours.contains("d3mas-core:test-jar"), "the contract tests' test-jar is not managed: " + ours);
        for (String tag : List.of("url", "licenses", "developers", "scm")) {
            assertTrue(parent.getElementsByTagName(tag).getLength() > 0, "Maven Central needs <" + tag + ">");
        }
    }
}
