package ng.vaxtrace.stock.dashboard;

import java.util.ArrayDeque;
import java.util.Deque;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ng.vaxtrace.contracts.EventJson;

/**
 * Cuts the national location tree down to what a scoped caller may see: the chain of ancestors of its area as a bare
 * path (code, name, level: no facility counts, no siblings), and the area itself with its subtree. The full tree is
 * what is cached; the cut is made per request.
 */
public final class LocationTrees {

    private LocationTrees() {
    }

    /**
     * @param treeJson    the national tree as rendered by {@link DashboardQueries#locationTree()}
     * @param area        the caller's area (zone, state or LGA code)
     * @param withSubtree whether the area keeps its counts and children (false: a facility officer's bare path)
     */
    public static String prune(String treeJson, String area, boolean withSubtree) {
        JsonNode root = EventJson.tree(treeJson);
        Deque<JsonNode> path = new ArrayDeque<>();
        if (!find(root, area, path)) {
            return EventJson.write(bare(root));
        }
        JsonNode target = path.removeLast();
        ObjectNode pruned = withSubtree ? (ObjectNode) target.deepCopy() : bare(target);
        while (!path.isEmpty()) {
            ObjectNode parent = bare(path.removeLast());
            parent.withArray("children").add(pruned);
            pruned = parent;
        }
        return EventJson.write(pruned);
    }

    private static boolean find(JsonNode node, String code, Deque<JsonNode> path) {
        path.addLast(node);
        if (code.equals(node.path("code").asText())) {
            return true;
        }
        for (JsonNode child : node.path("children")) {
            if (find(child, code, path)) {
                return true;
            }
        }
        path.removeLast();
        return false;
    }

    private static ObjectNode bare(JsonNode node) {
        ObjectNode copy = EventJson.mapper().createObjectNode();
        copy.set("code", node.get("code"));
        copy.set("name", node.get("name"));
        copy.set("level", node.get("level"));
        copy.putArray("children");
        return copy;
    }
}
