-- The six tables as MateBot v0.2 creates them: the documented columns, foreign keys without a
-- name (the server calls them <table>_ibfk_<n>) that cascade on delete, and the indexes the
-- server makes for UNIQUE columns and foreign keys, named after their column.

CREATE TABLE users (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `tid` BIGINT UNIQUE,
    `username` VARCHAR(255),
    `name` VARCHAR(255) NOT NULL,
    `balance` MEDIUMINT NOT NULL DEFAULT 0,
    `permission` BOOLEAN NOT NULL DEFAULT false,
    `active` BOOLEAN NOT NULL DEFAULT true,
    `created` TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    `accessed` TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP
);

CREATE TABLE transactions (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `sender` INT NOT NULL,
    `receiver` INT NOT NULL,
    `amount` MEDIUMINT NOT NULL,
    `reason` VARCHAR(255),
    `registered` TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    FOREIGN KEY (sender) REFERENCES users(id) ON DELETE CASCADE,
    FOREIGN KEY (receiver) REFERENCES users(id) ON DELETE CASCADE
);

CREATE TABLE collectives (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `active` BOOLEAN NOT NULL DEFAULT true,
    `amount` MEDIUMINT NOT NULL,
    `externals` SMALLINT,
    `description` VARCHAR(255),
    `communistic` BOOLEAN NOT NULL,
    `creator` INT NOT NULL,
    `created` TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    FOREIGN KEY (creator) REFERENCES users(id) ON DELETE CASCADE
);

CREATE TABLE collectives_users (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `collectives_id` INT NOT NULL,
    `users_id` INT NOT NULL,
    `vote` BOOLEAN NOT NULL,
    FOREIGN KEY (collectives_id) REFERENCES collectives(id) ON DELETE CASCADE,
    FOREIGN KEY (users_id) REFERENCES users(id) ON DELETE CASCADE
);

CREATE TABLE collective_messages (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `collectives_id` INT NOT NULL,
    `chat_id` BIGINT NOT NULL,
    `msg_id` INT NOT NULL,
    FOREIGN KEY (collectives_id) REFERENCES collectives(id) ON DELETE CASCADE
);

CREATE TABLE externals (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `internal` INT,
    `external` INT NOT NULL UNIQUE,
    `changed` TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
    FOREIGN KEY (internal) REFERENCES users(id) ON DELETE CASCADE,
    FOREIGN KEY (external) REFERENCES users(id) ON DELETE CASCADE
);

-- A small history as MateBot wrote it: the community user (tid NULL), three members and a
-- vouched guest; a /send, a paid payment request (reason "pay: <description>"), a denied one,
-- a communism of 10.00 among three members and one external, settled the MateBot way (everyone
-- pays the rounded-up share 2.50 -> 10.00 / 4 = 2.50; 10.01 / 4 -> 2.51), an open communism.
INSERT INTO users (id, tid, username, name, balance, permission, active) VALUES
    (1, NULL, NULL, 'Community', -1500, 0, 1),
    (2, 1001, 'ada', 'Ada Lovelace', 1500 + 251 + 251 - 300, 1, 1),
    (3, 1002, 'bob', 'Bob', 300 - 251, 1, 1),
    (4, 1003, 'cy', 'Cy', -251, 1, 1),
    (5, 1004, NULL, 'Guest', 0, 0, 1);
INSERT INTO externals (internal, external) VALUES (2, 5);
INSERT INTO transactions (sender, receiver, amount, reason) VALUES
    (2, 3, 300, 'send: pizza'),
    (1, 2, 1500, 'pay: new drill (with case)'),
    (3, 2, 251, 'communism: club mate (crate) (3)'),
    (4, 2, 251, 'communism: club mate (crate) (3)');
INSERT INTO collectives (id, active, amount, externals, description, communistic, creator) VALUES
    (1, 0, 1500, NULL, 'new drill (with case)', 0, 2),
    (2, 0, 900, NULL, 'gold plated drill', 0, 3),
    (3, 0, 1001, 1, 'club mate (crate)', 1, 2),
    (4, 1, 600, 0, 'pizza friday', 1, 4);
INSERT INTO collectives_users (collectives_id, users_id, vote) VALUES
    (1, 3, 1), (1, 4, 1), (2, 2, 0), (2, 4, 0),
    (3, 2, 0), (3, 3, 0), (3, 4, 0), (4, 4, 0);
INSERT INTO collective_messages (collectives_id, chat_id, msg_id) VALUES (4, -100123, 77);
