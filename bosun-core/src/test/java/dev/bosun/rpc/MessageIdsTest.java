package dev.bosun.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class MessageIdsTest {

  @Test
  void idsLookLikePythonsUuid4Hex() {
    for (int i = 0; i < 10_000; i++) {
      String id = MessageIds.next();
      assertThat(id).matches("[0-9a-f]{32}");
      UUID uuid =
          UUID.fromString(id.replaceFirst("(.{8})(.{4})(.{4})(.{4})(.{12})", "$1-$2-$3-$4-$5"));
      assertThat(uuid.version()).as(id).isEqualTo(4);
      assertThat(uuid.variant()).as(id).isEqualTo(2);
    }
  }

  @Test
  void idsFromManyThreadsAreDistinct() throws Exception {
    Set<String> seen = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 25_000; i++) {
                    seen.add(MessageIds.next());
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(seen).hasSize(200_000);
  }
}
