-- One database per service (each service owns its tables; Flyway creates them at start-up).
CREATE DATABASE callwire_auth;
CREATE DATABASE callwire_subscription;
CREATE DATABASE callwire_notifier;
