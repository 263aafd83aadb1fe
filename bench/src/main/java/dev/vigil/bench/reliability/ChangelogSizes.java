package dev.vigil.bench.reliability;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * The changelog topics of one deployment ({@code <application.id>-...-changelog}) as the broker
 * holds them: offsets spanned (records, plus one transaction marker per commit under
 * exactly-once) and bytes on disk, what a restore from scratch has to read.
 */
record ChangelogSizes(int topics, int partitions, long offsets, long bytes) {

    static ChangelogSizes of(Admin admin, String applicationId, int brokerId) throws ExecutionException,
            InterruptedException {
        List<String> changelogs = admin.listTopics().names().get().stream()
                .filter(t -> t.startsWith(applicationId + "-") && t.endsWith("-changelog")).sorted().toList();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(changelogs).allTopicNames().get().forEach((name, d) -> d.partitions().forEach(p -> {
            TopicPartition tp = new TopicPartition(name, p.partition());
            earliest.put(tp, OffsetSpec.earliest());
            latest.put(tp, OffsetSpec.latest());
        }));
        var first = admin.listOffsets(earliest).all().get();
        var last = admin.listOffsets(latest).all().get();
        long offsets = 0;
        for (TopicPartition tp : latest.keySet()) {
            offsets += last.get(tp).offset() - first.get(tp).offset();
        }
        long bytes = 0;
        Map<Integer, Map<String, LogDirDescription>> dirs = admin.describeLogDirs(List.of(brokerId))
                .allDescriptions().get();
        for (LogDirDescription dir : dirs.getOrDefault(brokerId, Map.of()).values()) {
            for (Map.Entry<TopicPartition, ReplicaInfo> r : dir.replicaInfos().entrySet()) {
                if (latest.containsKey(r.getKey())) {
                    bytes += r.getValue().size();
                }
            }
        }
        return new ChangelogSizes(changelogs.size(), latest.size(), offsets, bytes);
    }
}
