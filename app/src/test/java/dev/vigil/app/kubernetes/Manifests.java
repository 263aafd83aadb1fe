package dev.vigil.app.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The objects one kustomization renders to, looked up by kind and name. */
record Manifests(Path dir, List<HasMetadata> objects) {
    <T extends HasMetadata> List<T> all(Class<T> kind) {
        return objects.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    /** The only object of a kind; fails when there is none or more than one. */
    <T extends HasMetadata> T one(Class<T> kind) {
        List<T> found = all(kind);
        if (found.size() != 1) {
            throw new AssertionError(dir + " renders " + found.size() + " " + kind.getSimpleName() + " objects, not 1");
        }
        return found.get(0);
    }

    <T extends HasMetadata> T named(Class<T> kind, String name) {
        return all(kind).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(dir + " renders no " + kind.getSimpleName() + " " + name));
    }

    StatefulSet statefulSet() {
        return one(StatefulSet.class);
    }

    /** The StatefulSet's Vigil container (the only one). */
    Container vigil() {
        List<Container> containers = statefulSet().getSpec().getTemplate().getSpec().getContainers();
        if (containers.size() != 1) {
            throw new AssertionError("the pod has " + containers.size() + " containers, not 1");
        }
        return containers.get(0);
    }

    /** The labels of the StatefulSet's pods. */
    Map<String, String> podLabels() {
        return statefulSet().getSpec().getTemplate().getMetadata().getLabels();
    }

    /** The namespace the objects go to: the rendered one, else where {@code kubectl apply} puts them. */
    String namespace() {
        String namespace = statefulSet().getMetadata().getNamespace();
        return namespace == null ? "default" : namespace;
    }

    ConfigMap configMapOfVolume(String volume) {
        String name = statefulSet().getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals(volume)).findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + volume)).getConfigMap().getName();
        return named(ConfigMap.class, name);
    }

    List<Service> services() {
        return all(Service.class);
    }

    /** Whether a selector (matchLabels only, as the manifests write them) selects pods with these labels. */
    static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector.getMatchExpressions() != null && !selector.getMatchExpressions().isEmpty()) {
            throw new AssertionError("matchExpressions are not evaluated here: " + selector);
        }
        return selects(selector.getMatchLabels(), labels);
    }

    /** Whether every pair of a Service-style selector is among the labels (an empty selector selects nothing). */
    static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        return selector != null && !selector.isEmpty() && labels != null
                && labels.entrySet().containsAll(selector.entrySet());
    }
}
