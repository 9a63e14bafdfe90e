create table if not exists orders (
    id varchar(36) primary key,
    email varchar(320) not null,
    item varchar(200) not null
);
