-- communitybot: audit of the community ledger in plain SQL (MySQL / MariaDB).
--
--   mysql -B communitybot < sql/audit.sql
--
-- Read-only. Every query lists problems; an empty result means that check passed. The same
-- checks run in `communitybot check`, which exits non-zero when one fails.

-- 1. Balances that disagree with the journal (a balance is received minus sent).
SELECT u.id, u.name, u.balance,
       COALESCE(r.received, 0) - COALESCE(s.sent, 0) AS journal_balance
FROM users u
LEFT JOIN (SELECT receiver AS id, SUM(amount) AS received FROM transactions GROUP BY receiver) r
       ON r.id = u.id
LEFT JOIN (SELECT sender AS id, SUM(amount) AS sent FROM transactions GROUP BY sender) s
       ON s.id = u.id
WHERE u.balance <> COALESCE(r.received, 0) - COALESCE(s.sent, 0);

-- 2. There must be exactly one community user (tid NULL): lists the count when it is not 1.
SELECT COUNT(*) AS community_users, GROUP_CONCAT(id ORDER BY id) AS ids
FROM users WHERE tid IS NULL
HAVING COUNT(*) <> 1;

-- 3. Money moved for an external that had no voucher at the time (none since externals.changed,
--    which is set whenever the voucher leaves; the settlement is written before). Older software
--    (MateBot) allowed it; history an admin accepted (`communitybot check accept`) is left out.
SELECT t.id AS transaction_id, t.sender, t.receiver, t.amount, t.reason, t.registered,
       e.external, e.changed
FROM transactions t
JOIN externals e ON e.external IN (t.sender, t.receiver)
WHERE e.internal IS NULL AND t.registered > e.changed
  AND NOT EXISTS (
    SELECT 1 FROM accepted_history a
    WHERE a.code = 'unvouched_external_moved' AND t.registered < a.cutoff
  )
ORDER BY t.id;

-- 4. Payment requests paid more than once (reasons are "pay: #<collective id> <description>").
SELECT CAST(SUBSTRING_INDEX(SUBSTRING(reason, 7), ' ', 1) AS UNSIGNED) AS collective_id,
       COUNT(*) AS payments
FROM transactions
WHERE reason LIKE 'pay: #%'
GROUP BY collective_id
HAVING COUNT(*) > 1;

-- 5. Communism participants who paid their share more than once
--    (reasons are "communism: #<collective id> <description>").
SELECT CAST(SUBSTRING_INDEX(SUBSTRING(reason, 13), ' ', 1) AS UNSIGNED) AS collective_id,
       sender, COUNT(*) AS payments
FROM transactions
WHERE reason LIKE 'communism: #%'
GROUP BY collective_id, sender
HAVING COUNT(*) > 1;

-- 6. Open collectives that already moved money.
SELECT c.id, c.communistic, c.amount, c.description
FROM collectives c
WHERE c.active = 1
  AND EXISTS (
      SELECT 1 FROM transactions t
      WHERE t.reason LIKE CONCAT('pay: #', c.id, ' %') OR t.reason = CONCAT('pay: #', c.id)
         OR t.reason LIKE CONCAT('communism: #', c.id, ' %')
         OR t.reason = CONCAT('communism: #', c.id)
  );

-- 7. Journal rows with an amount of zero or less (amounts must be positive).
SELECT id, sender, receiver, amount, reason FROM transactions WHERE amount <= 0;

-- 8. Overview: users, money in circulation (sums to 0 in a consistent ledger), debts.
SELECT COUNT(*) AS users,
       SUM(active) AS active_users,
       SUM(balance) AS sum_of_balances,
       SUM(CASE WHEN balance < 0 THEN balance ELSE 0 END) AS total_debt,
       (SELECT balance FROM users WHERE tid IS NULL ORDER BY id LIMIT 1) AS community_balance
FROM users;
