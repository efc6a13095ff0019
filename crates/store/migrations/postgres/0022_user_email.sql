-- 电子邮箱 — an account's e-mail address for the daily 待办 digest (`fazhi digest`, issue 19);
-- empty means no digest.
ALTER TABLE app_user ADD COLUMN email TEXT;
