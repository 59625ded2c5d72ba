-- communitybot: exports in plain SQL (MySQL / MariaDB). Read-only.
--
-- Tab-separated with a header line, e.g.:
--   mysql -B communitybot -e "source sql/export.sql" > export.tsv
-- or pick one statement. `communitybot export users|transactions --format csv|json` writes the
-- same data as CSV or JSON.

-- Users with their external status and voucher.
SELECT u.id, u.tid, u.username, u.name, u.balance, u.permission, u.active,
       CASE WHEN u.tid IS NULL THEN 'community'
            WHEN e.id IS NULL THEN 'internal'
            ELSE 'external' END AS status,
       e.internal AS voucher, u.created, u.accessed
FROM users u
LEFT JOIN externals e ON e.external = u.id
ORDER BY u.id;

-- The journal, with names, oldest first.
SELECT t.id, t.registered, t.sender, s.name AS sender_name, t.receiver,
       r.name AS receiver_name, t.amount, t.reason
FROM transactions t
JOIN users s ON s.id = t.sender
JOIN users r ON r.id = t.receiver
ORDER BY t.id;

-- Collectives with their vote counts (payment requests) or participant counts (communisms).
SELECT c.id, IF(c.communistic, 'communism', 'payment') AS kind, c.active, c.amount,
       c.externals, c.description, c.creator, c.created,
       SUM(IF(c.communistic = 0 AND cu.vote = 1, 1, 0)) AS approvals,
       SUM(IF(c.communistic = 0 AND cu.vote = 0, 1, 0)) AS disapprovals,
       SUM(IF(c.communistic = 1, 1, 0)) AS participants
FROM collectives c
LEFT JOIN collectives_users cu ON cu.collectives_id = c.id
GROUP BY c.id
ORDER BY c.id;
