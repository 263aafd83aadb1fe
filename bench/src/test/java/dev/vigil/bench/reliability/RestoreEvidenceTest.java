package dev.vigil.bench.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RestoreEvidenceTest {

    @Test
    void sumsRestoreLinesAndCountsWipes() {
        String log = """
                06:01:02.003 INFO  [vigil-StreamThread-1] d.v.app.kafka.RestoreLog - state restored from changelogs: 120 records into 3 stores (6 changelog partitions) in 1.250 s
                06:01:03.000 WARN  [vigil-StreamThread-1] o.a.k.s.p.i.ProcessorStateManager - stream-thread [x] task [1_2] State store dedup-seen did not find checkpoint offsets while stores are not empty, since under EOS it has the risk of getting uncommitted data in stores we have to treat it as a task corruption error and wipe out the local state of task 1_2 before re-bootstrapping
                06:01:03.001 WARN  [vigil-StreamThread-1] o.a.k.s.p.i.TaskManager - stream-thread [x] Encounter corrupted task 1_2, will group it with other corrupted tasks and handle together
                org.apache.kafka.streams.errors.TaskCorruptedException: Tasks [1_0] are corrupted and hence need to be re-initialized
                Caused by: org.apache.kafka.streams.errors.ProcessorStateException: State store task-state didn't find a valid state, since under EOS it has the risk of getting uncommitted data in stores
                06:01:04.500 INFO  [vigil-StreamThread-1] d.v.app.kafka.RestoreLog - state restored from changelogs: 30 records into 1 stores (1 changelog partitions) in 0.500 s
                """;

        RestoreEvidence e = RestoreEvidence.of(log);

        assertThat(e.restoreLines()).isEqualTo(2);
        assertThat(e.restored()).isEqualTo(150);
        assertThat(e.restoreSeconds()).isEqualTo(1.75);
        assertThat(e.noCheckpoint()).isEqualTo(1);
        assertThat(e.invalidState()).isEqualTo(1);
        assertThat(e.corruptedTasks()).isEqualTo(1);
        assertThat(e.wiped()).isTrue();
    }

    @Test
    void aRestartThatResumedFromItsCheckpointsWipedNothing() {
        RestoreEvidence e = RestoreEvidence.of("06:00:00.000 INFO  [t] d.v.app.kafka.RestoreLog - state restored from "
                + "changelogs: 0 records into 14 stores (56 changelog partitions) in 0.100 s\n");

        assertThat(e.restored()).isZero();
        assertThat(e.wiped()).isFalse();
    }

    @Test
    void countsTheTasksVigilWipedBeforeStart() {
        RestoreEvidence e = RestoreEvidence.of("06:00:00.000 INFO  [main] d.v.a.k.CrashedStateWipe - the last stop was "
                + "not clean: the local state of 9 task(s) wiped before start, to be restored from the changelogs "
                + "(under exactly-once Kafka Streams would wipe it too): [0_0, 0_1]\n");

        assertThat(e.wipedBeforeStart()).isEqualTo(9);
        assertThat(e.corruptedTasks()).isZero();
        assertThat(e.wiped()).isTrue();
    }
}
