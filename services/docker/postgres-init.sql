-- The application role and database, as `arshjul services up` creates them natively.
CREATE ROLE arshjul LOGIN PASSWORD 'arshjul';
CREATE DATABASE arshjul;
