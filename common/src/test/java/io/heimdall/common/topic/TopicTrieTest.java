package io.heimdall.common.topic;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class TopicTrieTest {
  @Test
  void matchesExactWildcardAndParentLevels() {
    TopicTrie<String> trie = new TopicTrie<>();
    trie.add("a/b", "exact");
    trie.add("a/+", "plus");
    trie.add("a/#", "hash");
    trie.add("#", "all");
    trie.add("+/+/c", "deep");
    assertThat(trie.match("a/b")).containsExactlyInAnyOrder("exact", "plus", "hash", "all");
    assertThat(trie.match("a")).containsExactlyInAnyOrder("hash", "all");
    assertThat(trie.match("a/b/c")).containsExactlyInAnyOrder("hash", "all", "deep");
    assertThat(trie.match("x")).containsExactly("all");
  }

  @Test
  void dollarTopicsSkipLeadingWildcards() {
    TopicTrie<String> trie = new TopicTrie<>();
    trie.add("#", "all");
    trie.add("+/x", "plus");
    trie.add("$SYS/#", "sys");
    assertThat(trie.match("$SYS/x")).containsExactly("sys");
  }

  @Test
  void removePrunesAndReportsAbsence() {
    TopicTrie<String> trie = new TopicTrie<>();
    assertThat(trie.add("a/b/c", "s1")).isTrue();
    assertThat(trie.add("a/b/c", "s1")).isFalse();
    trie.add("a/b", "s2");
    assertThat(trie.size()).isEqualTo(2);
    assertThat(trie.remove("a/b/c", "s1")).isTrue();
    assertThat(trie.remove("a/b/c", "s1")).isFalse();
    assertThat(trie.remove("x/y", "s1")).isFalse();
    assertThat(trie.match("a/b/c")).isEmpty();
    assertThat(trie.match("a/b")).containsExactly("s2");
    assertThat(trie.valuesOf("a/b")).containsExactly("s2");
    assertThat(trie.size()).isEqualTo(1);
  }

  @Test
  void agreesWithTheMatcherOnRandomFiltersAndTopics() {
    Random random = new Random(42);
    String[] words = {"a", "b", "c", "", "$x"};
    List<String> filters = new ArrayList<>();
    TopicTrie<String> trie = new TopicTrie<>();
    for (int i = 0; i < 300; i++) {
      String f = randomPath(random, words, true);
      if (TopicFilter.isValid(f, TopicLimits.DEFAULT) && trie.add(f, f)) {
        filters.add(f);
      }
    }
    for (int i = 0; i < 2000; i++) {
      String topic = randomPath(random, words, false);
      List<String> expected = filters.stream().filter(f -> TopicMatcher.matches(f, topic)).toList();
      assertThat(trie.match(topic)).as(topic).containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  private static String randomPath(Random random, String[] words, boolean wildcards) {
    int levels = 1 + random.nextInt(4);
    StringBuilder sb = new StringBuilder();
    for (int l = 0; l < levels; l++) {
      if (l > 0) {
        sb.append('/');
      }
      int pick = random.nextInt(wildcards ? words.length + 2 : words.length);
      if (pick < words.length) {
        sb.append(l > 0 && words[pick].startsWith("$") ? "d" : words[pick]);
      } else if (pick == words.length) {
        sb.append('+');
      } else {
        sb.append('#');
        break;
      }
    }
    return sb.toString();
  }
}
