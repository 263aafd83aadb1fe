package dev.vigil.app.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The contract lives in the repository (docs/ and schemas/): no file may send its reader to a contract outside it,
 * and the links of the README and of docs/ must lead somewhere.
 */
class RepositoryDocsTest {
    /** The reactor root: the module's parent, as for the other documentation tests. */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /** Directories never walked: build output and git's own data. */
    private static final Set<String> SKIPPED_DIRS = Set.of("target", ".git");

    /**
     * References to the contract file that used to live outside the repository. Spelled in pieces so that this
     * file does not match itself.
     */
    private static final List<String> FORBIDDEN = List.of(
            ".." + "/shared",
            "CON" + "TRACT.md",
            "CON" + "TRACT \u00a7");

    /** {@code [text](target)}; an image's {@code ![alt](target)} too. */
    private static final Pattern LINK = Pattern.compile("\\[[^\\]\\n]*]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern INLINE_LINK = Pattern.compile("\\[([^\\]]*)]\\([^)]*\\)");

    @Test
    void noFileRefersToAContractOutsideTheRepository() throws IOException {
        assertThat(ROOT.resolve("pom.xml")).as("reactor root").exists();
        assertThat(ROOT.resolve("docs").resolve("README.md")).as("the contract's index").exists();
        List<String> offenders = new ArrayList<>();
        for (Path file : repositoryFiles()) {
            // Binary files decode with replacement characters, which match nothing.
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            String[] lines = text.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                for (String forbidden : FORBIDDEN) {
                    if (lines[i].contains(forbidden)) {
                        offenders.add(ROOT.relativize(file) + ":" + (i + 1) + ": " + lines[i].strip());
                        break;
                    }
                }
            }
        }
        assertThat(offenders).as("references to a contract outside the repository; point them at docs/ instead")
                .isEmpty();
    }

    @Test
    void everyRelativeLinkOfTheReadmeAndDocsLeadsToAnExistingFileAndHeading() throws IOException {
        List<Path> documents = new ArrayList<>();
        documents.add(ROOT.resolve("README.md"));
        documents.add(ROOT.resolve("schemas").resolve("README.md"));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(documents::add);
        }
        assertThat(documents).hasSizeGreaterThan(8);

        Map<Path, Set<String>> anchors = new HashMap<>();
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path doc : documents) {
            List<String> lines = Files.readAllLines(doc, StandardCharsets.UTF_8);
            boolean fenced = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.strip().startsWith("```")) {
                    fenced = !fenced;
                    continue;
                }
                if (fenced) {
                    continue;
                }
                Matcher m = LINK.matcher(stripCodeSpans(line));
                while (m.find()) {
                    String target = m.group(1);
                    if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
                        continue; // http:, https:, mailto:
                    }
                    checked++;
                    int hash = target.indexOf('#');
                    String pathPart = hash < 0 ? target : target.substring(0, hash);
                    String anchor = hash < 0 ? null : target.substring(hash + 1);
                    Path resolved = pathPart.isEmpty() ? doc : doc.getParent().resolve(pathPart).normalize();
                    String where = ROOT.relativize(doc) + ":" + (i + 1) + ": " + target;
                    if (!resolved.startsWith(ROOT)) {
                        broken.add(where + " (leaves the repository)");
                    } else if (!Files.exists(resolved)) {
                        broken.add(where + " (no such file)");
                    } else if (anchor != null && resolved.toString().endsWith(".md")
                            && !anchors.computeIfAbsent(resolved, RepositoryDocsTest::anchorsOf).contains(anchor)) {
                        broken.add(where + " (no such heading in " + ROOT.relativize(resolved) + ")");
                    }
                }
            }
        }
        assertThat(checked).as("relative links checked").isGreaterThan(50);
        assertThat(broken).as("broken relative links").isEmpty();
    }

    /** Every file under the root, but for {@link #SKIPPED_DIRS}. */
    private static List<Path> repositoryFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        Files.walkFileTree(ROOT, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return !dir.equals(ROOT) && SKIPPED_DIRS.contains(dir.getFileName().toString())
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                // A worktree's .git is a file.
                if (attrs.isRegularFile() && !SKIPPED_DIRS.contains(file.getFileName().toString())) {
                    files.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        assertThat(files).as("files under " + ROOT).hasSizeGreaterThan(100);
        return files;
    }

    /** Removes {@code `code spans`}, whose brackets are not links. */
    private static String stripCodeSpans(String line) {
        return line.replaceAll("`[^`]*`", "``");
    }

    /** The anchors GitHub gives the headings of a markdown file (lower case, punctuation dropped, spaces as -). */
    private static Set<String> anchorsOf(Path doc) {
        List<String> lines;
        try {
            lines = Files.readAllLines(doc, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> out = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean fenced = false;
        for (String line : lines) {
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            Matcher m = HEADING.matcher(line);
            if (fenced || !m.matches()) {
                continue;
            }
            String text = INLINE_LINK.matcher(m.group(1)).replaceAll("$1");
            String slug = text.toLowerCase(Locale.ROOT)
                    .replaceAll("[^\\p{L}\\p{N} _-]", "")
                    .replace(' ', '-');
            int n = seen.merge(slug, 1, Integer::sum);
            out.add(n == 1 ? slug : slug + "-" + (n - 1));
        }
        return out;
    }
}
