package io.d3mas.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The BOM a user imports manages our artifacts and nothing else, and names every library module. */
class ReleaseArtifactsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static Document pom(Path file) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    }

    @Test
    void theBomManagesOnlyOurArtifactsAndInheritsNothing() throws Exception {
        Document bom = pom(ROOT.resolve("d3mas-bom/pom.xml"));
        assertEquals(0, bom.getElementsByTagName("parent").getLength(), "a parent would import its pins too");
        NodeList managed =
                ((Element) bom.getElementsByTagName("dependencyManagement").item(0)).getElementsByTagName("dependency");
        List<String> artifacts = new java.util.ArrayList<>();
        for (int i = 0; i < managed.getLength(); i++) {
            Element d = (Element) managed.item(i);
            assertEquals("io.d3mas", d.getElementsByTagName("groupId").item(0).getTextContent());
            artifacts.add(d.getElementsByTagName("artifactId").item(0).getTextContent());
        }
        for (String module : List.of("d3mas-core", "d3mas-graph", "d3mas-llm", "d3mas-embed")) {
            assertTrue(artifacts.contains(module), module + " is not in the BOM: " + artifacts);
            Document p = pom(ROOT.resolve(module + "/pom.xml"));
            assertTrue(
                    Files.readString(ROOT.resolve(module + "/pom.xml")).contains("<automatic.module.name>"),
                    module + " has no Automatic-Module-Name");
            assertTrue(p.getElementsByTagName("description").getLength() > 0, module + " has no description");
        }
        String version = pom(ROOT.resolve("pom.xml"))
                .getDocumentElement()
                .getElementsByTagName("version")
                .item(0)
                .getTextContent();
        assertEquals(
                version,
                bom.getDocumentElement().getElementsByTagName("version").item(0).getTextContent());
    }
}
