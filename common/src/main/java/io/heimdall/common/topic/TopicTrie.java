package io.heimdall.common.topic;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Subscriptions indexed by the levels of their plain filters, so that matching a topic walks only
 * the branches that can match. Not thread-safe: the broker keeps one per event loop.
 *
 * @param <V> the subscription value; its equality identifies a subscription under one filter
 */
public final class TopicTrie<V> {
  private final Node<V> root = new Node<>();
  private int size;

  /** Adds a value under a plain filter; returns false when it was already there. */
  public boolean add(String filter, V value) {
    Node<V> node = root;
    for (String level : TopicLevels.split(filter)) {
      node = node.children.computeIfAbsent(level, l -> new Node<>());
    }
    boolean added = node.values.add(value);
    if (added) {
      size++;
    }
    return added;
  }

  /** Removes a value from a plain filter and prunes emptied branches; returns false when absent. */
  public boolean remove(String filter, V value) {
    List<String> levels = TopicLevels.split(filter);
    List<Node<V>> path = new ArrayList<>(levels.size() + 1);
    Node<V> node = root;
    path.add(node);
    for (String level : levels) {
      node = node.children.get(level);
      if (node == null) {
        return false;
      }
      path.add(node);
    }
    if (!node.values.remove(value)) {
      return false;
    }
    size--;
    for (int i = levels.size(); i > 0; i--) {
      Node<V> n = path.get(i);
      if (!n.values.isEmpty() || !n.children.isEmpty()) {
        break;
      }
      path.get(i - 1).children.remove(levels.get(i - 1));
    }
    return true;
  }

  /** Every value whose filter matches the topic name; a value under several matching filters appears once per filter. */
  public List<V> match(String topic) {
    List<V> out = new ArrayList<>();
    List<String> levels = TopicLevels.split(topic);
    boolean dollar = topic.startsWith("$");
    collect(root, levels, 0, dollar, out);
    return out;
  }

  /** Values registered under exactly this plain filter. */
  public Set<V> valuesOf(String filter) {
    Node<V> node = root;
    for (String level : TopicLevels.split(filter)) {
      node = node.children.get(level);
      if (node == null) {
        return Set.of();
      }
    }
    return Set.copyOf(node.values);
  }

  /** Number of (filter, value) entries. */
  public int size() {
    return size;
  }

  private static <V> void collect(Node<V> node, List<String> levels, int depth, boolean dollar, List<V> out) {
    // Wildcards at the first level never match '$' topics (MQTT-4.7.2-1).
    boolean wildcardsAllowed = !(dollar && depth == 0);
    if (wildcardsAllowed) {
      Node<V> hash = node.children.get("#");
      if (hash != null) {
        out.addAll(hash.values);
      }
    }
    if (depth == levels.size()) {
      out.addAll(node.values);
      return;
    }
    Node<V> exact = node.children.get(levels.get(depth));
    if (exact != null) {
      collect(exact, levels, depth + 1, dollar, out);
    }
    if (wildcardsAllowed) {
      Node<V> plus = node.children.get("+");
      if (plus != null) {
        collect(plus, levels, depth + 1, dollar, out);
      }
    }
  }

  private static final class Node<V> {
    private final Map<String, Node<V>> children = new HashMap<>(4);
    private final Set<V> values = new LinkedHashSet<>(2);
  }
}
