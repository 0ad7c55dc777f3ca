package io.phalanx.parallel.impl.codec;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class RequestIdsTest {

  @Test
  void randomUuidsAndRandomTokensAreIds() {
    SecureRandom random = new SecureRandom();
    for (int i = 0; i < 1_000; i++) {
      byte[] bytes = new byte[16];
      random.nextBytes(bytes);
      assertThat(RequestIds.isRandom(UUID.randomUUID().toString())).isTrue();
      assertThat(RequestIds.isRandom(UUID.randomUUID().toString().toUpperCase())).isTrue();
      assertThat(RequestIds.isRandom(UUID.randomUUID().toString().replace("-", ""))).isTrue();
      assertThat(RequestIds.isRandom(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes))).isTrue();
      assertThat(RequestIds.isRandom(RequestIds.random())).isTrue();
    }
  }

  @Test
  void countersNamesAndOtherUuidVersionsAreNot() {
    for (String id : new String[]{null, "", "local-7", "local-0000000000000001", "request-1", "a".repeat(40),
      "00000000-0000-1000-8000-000000000000", UUID.nameUUIDFromBytes(new byte[]{1}).toString(),
      UUID.randomUUID() + " ", UUID.randomUUID() + "/x", "x".repeat(129), "0123456789abcdef0123"}) {
      assertThat(RequestIds.isRandom(id)).as(id).isFalse();
    }
  }
}
