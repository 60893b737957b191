package io.callwire.notifier.service;

/** The resource does not exist in the caller's organization (which also covers other organizations' resources). */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String what) {
        super(what + " not found");
    }
}
