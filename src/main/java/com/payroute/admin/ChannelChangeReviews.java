package com.payroute.admin;

import jakarta.enterprise.context.ApplicationScoped;

import com.payroute.review.ReviewAction;
import com.payroute.review.ReviewRow;
import com.payroute.review.Reviews;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Decided reviews of channel changes that could redirect money (CHANNEL_CHANGE): adding a channel,
 * re-enabling one, a new baseUrl or credentialsRef. Approved, the change is made in the review's
 * transaction, audited as the requester's change approved by the review; rejected, nothing changes.
 */
@ApplicationScoped
public class ChannelChangeReviews implements ReviewAction {

    private final ChannelCatalog catalog;
    private final ChannelAccounts accounts;

    ChannelChangeReviews(ChannelCatalog catalog, ChannelAccounts accounts) {
        this.catalog = catalog;
        this.accounts = accounts;
    }

    @Override
    public String kind() {
        return Reviews.CHANNEL_CHANGE;
    }

    @Override
    public Uni<AfterCommit> approved(SqlConnection conn, ReviewRow review) {
        JsonObject action = review.action();
        String actor = review.requestedBy() + " (review " + review.id() + ")";
        return switch (action.getString("op")) {
            case "create" -> {
                NewChannel channel = action.getJsonObject("channel").mapTo(NewChannel.class);
                yield catalog.applyCreate(conn, channel, actor).replaceWith((AfterCommit) () -> catalog.announce(channel.code()));
            }
            case "update" -> catalog.applyReviewed(conn, action.getString("code"), action.getJsonObject("change"), actor)
                    .replaceWith((AfterCommit) () -> catalog.announce(action.getString("code")));
            case "credentials" -> accounts.setCredentialsAudited(conn, action.getString("code"), action.getString("accountNo"),
                    action.getString("credentialsRef"), actor)
                    .replaceWith((AfterCommit) () -> catalog.announce(action.getString("code")));
            default -> throw new IllegalStateException("unknown channel change " + action.getString("op"));
        };
    }

    @Override
    public Uni<AfterCommit> rejected(SqlConnection conn, ReviewRow review) {
        return Uni.createFrom().item(AfterCommit.NOTHING);
    }
}
