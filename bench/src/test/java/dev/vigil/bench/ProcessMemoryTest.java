package dev.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessMemoryTest {
    /** As JDK 17's {@code jcmd <pid> GC.heap_info} prints it for G1. */
    private static final String HEAP_INFO = """
            12345:
             garbage-first heap   total 98304K, used 15605K [0x0000000687400000, 0x0000000800000000)
              region size 4096K, 2 young (8192K), 1 survivors (4096K)
             Metaspace       used 27541K, committed 28032K, reserved 1114112K
            """;

    @Test
    void readsTheHeapAndItsAddressRange() {
        ProcessMemory.Heap heap = ProcessMemory.parseHeapInfo(HEAP_INFO, 12345);

        assertThat(heap.usedBytes()).isEqualTo(15605L * 1024);
        assertThat(heap.committedBytes()).isEqualTo(98304L * 1024);
        assertThat(heap.heapStart()).isEqualTo(0x687400000L);
        assertThat(heap.heapEnd()).isEqualTo(0x800000000L);
    }

    @Test
    void heapResidentCountsOnlyTheMappingsInsideTheHeap() {
        List<String> smaps = List.of(
                "55baa33ee000-55baa3435000 rw-p 00000000 00:00 0                          [heap]",
                "Size:                284 kB",
                "Rss:                 116 kB",
                "687400000-68c000000 rw-p 00000000 00:00 0",
                "Size:              77824 kB",
                "Rss:               56496 kB",
                "68c000000-69cc00000 ---p 00000000 00:00 0",
                "Rss:                   0 kB",
                "69cc00000-69d000000 rw-p 00000000 00:00 0",
                "Rss:                4096 kB",
                "7f0fe8000000-7f0fe9f19000 rw-p 00000000 00:00 0",
                "Rss:               26916 kB");

        long resident = ProcessMemory.residentBytesIn(smaps, 0x687400000L, 0x800000000L);

        // The malloc [heap] and the arena at 7f0f... are outside the Java heap.
        assertThat(resident).isEqualTo((56496L + 4096) * 1024);
    }

    @Test
    void aMappingThatStraddlesTheHeapsEndCountsByItsShare() {
        List<String> smaps = List.of(
                "7ff000000-801000000 rw-p 00000000 00:00 0",
                "Rss:                1024 kB");

        // Half of the mapping (0x7ff000000-0x800000000 of 0x7ff000000-0x801000000) lies in the heap.
        assertThat(ProcessMemory.residentBytesIn(smaps, 0x687400000L, 0x800000000L)).isEqualTo(512L * 1024);
    }

    @Test
    void aHeapInfoWithoutARangeLeavesItUnknown() {
        ProcessMemory.Heap heap = ProcessMemory.parseHeapInfo(
                " garbage-first heap   total 98304K, used 15605K\n", 1);

        assertThat(heap.heapStart()).isZero();
        assertThat(heap.heapEnd()).isZero();
    }

    /** As JDK 17's {@code jcmd <pid> VM.native_memory summary} begins (scale KB). */
    private static final String NMT_SUMMARY = """
            12345:

            Native Memory Tracking:

            Total: reserved=7832347KB, committed=472451KB
                   malloc: 7123KB #3694
                   mmap:   reserved=7825223KB, committed=465328KB

            -                 Java Heap (reserved=6172672KB, committed=397312KB)
                                        (mmap: reserved=6172672KB, committed=397312KB)

            -                     Class (reserved=1048644KB, committed=132KB)
            """;

    @Test
    void nonHeapCommittedIsTheTotalLessTheHeap() {
        assertThat(ProcessMemory.parseNonHeapCommitted(NMT_SUMMARY, 12345)).isEqualTo((472451L - 397312L) * 1024);
    }

    @Test
    void aSummaryWithoutTheHeapLineIsRefusedByName() {
        String noHeap = NMT_SUMMARY.replace("Java Heap", "Jawa Heap");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ProcessMemory.parseNonHeapCommitted(noHeap, 12345))
                .hasMessageContaining("native memory summary of pid 12345");
    }
}
