package io.callwire.subscription.endpoint.socketio;

/** Answers one HTTP long-polling request; called at most once. */
@FunctionalInterface
interface PollResponder {

    /** Ends the request with this status and text body. */
    void respond(int status, String body);
}
