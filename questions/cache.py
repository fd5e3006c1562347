from posts.cache import ListCache

# `GET /qa/questions` documents, per product id; answers are nested in them.
question_list_cache = ListCache("questions-of-product")
